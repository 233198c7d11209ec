import { http, HttpResponse } from 'msw';
import { commonFaults, describeFaults, withFault } from '../contracts/faults.ts';
import { portoneContract } from './contract.ts';
import type { PortOneFake } from './fake.ts';
import { cancelRequestOf, portoneBaseUrl, prepareRequestOf, refused, unauthorized } from './handlers.ts';

const envelope = (message: string, status: number, headers: Record<string, string> = {}): Response =>
  Response.json({ code: -1, message, response: null }, { status, headers });

/** The next POST to `path` is carried out by the fake (`act`), then the connection drops before the answer. */
const actsThenDrops = (path: string, act: (request: Request) => Promise<void>) =>
  http.post(
    `${portoneBaseUrl}${path}`,
    async ({ request }) => {
      await act(request);
      return HttpResponse.error();
    },
    { once: true },
  );

/** Every PortOne call but getToken: the calls that need a token. */
const paymentCalls = `${portoneBaseUrl}/payments/*`;

/**
 * PortOne's fault modes: the common ones plus an expired token (for good, or for one call), a few payment calls
 * refused while PortOne is down, a cancel refused by its checksum, and a prepare or cancel whose answer is lost.
 * Those act on the fake's state, so the faults are made for one fake.
 */
export const portoneFaults = (fake: PortOneFake) =>
  describeFaults(portoneContract.faultModes, {
    ...commonFaults(portoneBaseUrl, {
      down: () => envelope('Service Unavailable', 503),
      rateLimited: (headers) => envelope('Too Many Requests', 429, headers),
    }),
    tokenExpired: () => [http.all(paymentCalls, () => withFault(unauthorized(), 'tokenExpired'))],
    tokenExpiredOnce: () => [http.all(paymentCalls, () => withFault(unauthorized(), 'tokenExpired'), { once: true })],
    paymentCallsDown: (options?: { calls: number }) =>
      Array.from({ length: options?.calls ?? 1 }, () =>
        http.all(paymentCalls, () => withFault(envelope('Service Unavailable', 503), 'down'), { once: true }),
      ),
    cancelRefusedByChecksum: () => [
      http.post(`${portoneBaseUrl}/payments/cancel`, () =>
        withFault(refused('checksum does not match the cancellable amount'), 'cancelRefusedByChecksum'),
      ),
    ],
    cancelAnswerLost: () => [
      actsThenDrops('/payments/cancel', async (request) => void fake.cancel(await cancelRequestOf(request))),
    ],
    prepareAnswerLost: () => [
      actsThenDrops('/payments/prepare', async (request) => {
        const { merchantUid, amount, currency } = await prepareRequestOf(request);
        fake.prepare(merchantUid, amount, currency);
      }),
    ],
  });
