import { http } from 'msw';
import { commonFaults, defineFault, withFault } from '../contracts/faults.ts';
import { aiSearchBaseUrl, searchError } from './handlers.ts';

/** The AI search vendor's fault modes: the common ones plus a rejected API key. */
export const aiSearchFaults = {
  ...commonFaults(aiSearchBaseUrl, {
    down: () => searchError(503, 'unavailable', 'try again later'),
    rateLimited: (headers) => searchError(429, 'rate_limited', 'too many requests', headers),
  }),
  invalidApiKey: defineFault('The API key is rejected: every search answers 401.', () => [
    http.all(`${aiSearchBaseUrl}/*`, () =>
      withFault(searchError(401, 'unauthorized', 'invalid api key'), 'invalidApiKey'),
    ),
  ]),
};
