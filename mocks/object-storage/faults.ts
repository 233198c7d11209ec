import { http, HttpResponse } from 'msw';
import { commonFaults, defineFault, faultHeaders, withFault } from '../contracts/faults.ts';
import { objectStorageBaseUrl, s3Error } from './handlers.ts';

/**
 * S3's fault modes: the common ones (S3 signals overload as 503 SlowDown, so `rateLimited` answers that, with
 * Retry-After) plus expired credentials.
 */
export const objectStorageFaults = {
  ...commonFaults(objectStorageBaseUrl, {
    down: () => s3Error(503, 'ServiceUnavailable', 'Please reduce your request rate.'),
    rateLimited: (headers) => s3Error(503, 'SlowDown', 'Please reduce your request rate.', headers),
  }),
  expiredToken: defineFault('The credentials have expired: every request answers 403 ExpiredToken.', () => [
    http.head(
      `${objectStorageBaseUrl}/*`,
      () => new HttpResponse(null, { status: 403, headers: faultHeaders('expiredToken') }),
    ),
    http.all(`${objectStorageBaseUrl}/*`, () =>
      withFault(s3Error(403, 'ExpiredToken', 'The provided token has expired.'), 'expiredToken'),
    ),
  ]),
};
