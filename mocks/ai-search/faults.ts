import { http } from 'msw';
import { commonFaults, defineFault, withFault } from '../contracts/faults.ts';
import { aiSearchBaseUrl, searchError } from './handlers.ts';

const unavailable = () => searchError(503, 'unavailable', 'try again later');

/**
 * The AI search vendor's fault modes: the common ones plus a rejected API key, an outage of a few calls, and
 * answers that take time by the scenario's clock.
 */
export const aiSearchFaults = {
  ...commonFaults(aiSearchBaseUrl, {
    down: unavailable,
    rateLimited: (headers) => searchError(429, 'rate_limited', 'too many requests', headers),
  }),
  invalidApiKey: defineFault('The API key is rejected: every search answers 401.', () => [
    http.all(`${aiSearchBaseUrl}/*`, () =>
      withFault(searchError(401, 'unauthorized', 'invalid api key'), 'invalidApiKey'),
    ),
  ]),
  downForCalls: defineFault<{ calls: number }>(
    'The vendor is down for its next few calls (503), then answers normally again.',
    (options) => {
      let left = options?.calls ?? 1;
      return [
        http.post(`${aiSearchBaseUrl}/search`, () => (left-- > 0 ? withFault(unavailable(), 'down') : undefined)),
      ];
    },
  ),
  answersLate: defineFault<{ afterMs: number; clock: { advance(ms: number): void } }>(
    "Each search takes its time by the scenario's clock (the clock moves on while the vendor works); the " +
      'answer itself is the normal one, so a scenario proves "slow" without waiting in real time.',
    (options) => [
      http.post(`${aiSearchBaseUrl}/search`, () => {
        options?.clock.advance(options.afterMs);
        return undefined; // the normal handler answers
      }),
    ],
  ),
};
