import { http } from 'msw';
import { commonFaults, defineFault, withFault } from '../contracts/faults.ts';
import { slackBaseUrl, slackText } from './handlers.ts';

/** Slack's fault modes: the common ones plus a revoked webhook. */
export const slackFaults = {
  ...commonFaults(slackBaseUrl, {
    down: () => slackText(503, 'service_unavailable'),
    rateLimited: (headers) => slackText(429, 'rate_limited', headers),
  }),
  invalidToken: defineFault('The webhook was revoked: every message answers 403 invalid_token.', () => [
    http.post(`${slackBaseUrl}/services/*`, () => withFault(slackText(403, 'invalid_token'), 'invalidToken')),
  ]),
};
