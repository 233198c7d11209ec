import { http } from 'msw';
import { commonFaults, describeFaults, withFault } from '../contracts/faults.ts';
import { aiSearchContract } from './contract.ts';
import { aiSearchBaseUrl, searchError } from './handlers.ts';

const unavailable = () => searchError(503, 'unavailable', 'try again later');

/**
 * The AI search vendor's fault modes: the common ones plus a rejected API key, an outage of a few calls, and
 * answers that take time by the scenario's clock.
 */
export const aiSearchFaults = describeFaults(aiSearchContract.faultModes, {
  ...commonFaults(aiSearchBaseUrl, {
    down: unavailable,
    rateLimited: (headers) => searchError(429, 'rate_limited', 'too many requests', headers),
  }),
  invalidApiKey: () => [
    http.all(`${aiSearchBaseUrl}/*`, () =>
      withFault(searchError(401, 'unauthorized', 'invalid api key'), 'invalidApiKey'),
    ),
  ],
  downForCalls: (options?: { calls: number }) => {
    let left = options?.calls ?? 1;
    return [http.post(`${aiSearchBaseUrl}/search`, () => (left-- > 0 ? withFault(unavailable(), 'down') : undefined))];
  },
  answersLate: (options?: { afterMs: number; clock: { advance(ms: number): void } }) => [
    http.post(`${aiSearchBaseUrl}/search`, () => {
      options?.clock.advance(options.afterMs);
      return undefined; // the normal handler answers
    }),
  ],
});
