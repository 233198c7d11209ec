import { http } from 'msw';
import { commonFaults, describeFaults, withFault } from '../contracts/faults.ts';
import { slackContract } from './contract.ts';
import { slackBaseUrl, slackText } from './handlers.ts';

/** Slack's fault modes: the common ones plus a revoked webhook. */
export const slackFaults = describeFaults(slackContract.faultModes, {
  ...commonFaults(slackBaseUrl, {
    down: () => slackText(503, 'service_unavailable'),
    rateLimited: (headers) => slackText(429, 'rate_limited', headers),
  }),
  invalidToken: () => [
    http.post(`${slackBaseUrl}/services/*`, () => withFault(slackText(403, 'invalid_token'), 'invalidToken')),
  ],
});
