import { http, HttpResponse } from 'msw';
import { commonFaults, describeFaults, faultHeaders, withFault } from '../contracts/faults.ts';
import { objectStorageContract } from './contract.ts';
import { objectStorageBaseUrl, s3Error } from './handlers.ts';

const slowDown = (headers: Record<string, string> = {}) =>
  s3Error(503, 'SlowDown', 'Please reduce your request rate.', headers);

/**
 * S3's fault modes: the common ones (S3 signals overload as 503 SlowDown, so `rateLimited` answers that, with
 * Retry-After) plus expired credentials and a flaky store.
 */
export const objectStorageFaults = describeFaults(objectStorageContract.faultModes, {
  ...commonFaults(objectStorageBaseUrl, {
    down: () => s3Error(503, 'ServiceUnavailable', 'Please reduce your request rate.'),
    rateLimited: slowDown,
  }),
  flaky: (options?: { every: number }) => {
    let puts = 0;
    return [
      http.put(`${objectStorageBaseUrl}/*`, () =>
        ++puts % (options?.every ?? 3) === 0 ? withFault(slowDown(), 'rateLimited') : undefined,
      ),
    ];
  },
  expiredToken: () => [
    http.head(
      `${objectStorageBaseUrl}/*`,
      () => new HttpResponse(null, { status: 403, headers: faultHeaders('expiredToken') }),
    ),
    http.all(`${objectStorageBaseUrl}/*`, () =>
      withFault(s3Error(403, 'ExpiredToken', 'The provided token has expired.'), 'expiredToken'),
    ),
  ],
});
