import { http } from 'msw';
import { commonFaults, defineFault, withFault } from '../contracts/faults.ts';
import { portoneBaseUrl, refused, unauthorized } from './handlers.ts';

const envelope = (message: string, status: number, headers: Record<string, string> = {}): Response =>
  Response.json({ code: -1, message, response: null }, { status, headers });

/** PortOne's fault modes: the common ones plus an expired token and a cancel refused by its checksum. */
export const portoneFaults = {
  ...commonFaults(portoneBaseUrl, {
    down: () => envelope('Service Unavailable', 503),
    rateLimited: (headers) => envelope('Too Many Requests', 429, headers),
  }),
  tokenExpired: defineFault('Every token is treated as expired: each API call but getToken answers 401.', () => [
    http.all(`${portoneBaseUrl}/payments/*`, () => withFault(unauthorized(), 'tokenExpired')),
  ]),
  cancelRefusedByChecksum: defineFault(
    'Someone else cancelled part of the payment first: POST /payments/cancel is refused (code 1) because the ' +
      'checksum no longer matches the cancellable amount.',
    () => [
      http.post(`${portoneBaseUrl}/payments/cancel`, () =>
        withFault(refused('checksum does not match the cancellable amount'), 'cancelRefusedByChecksum'),
      ),
    ],
  ),
};
