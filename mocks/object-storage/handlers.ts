import { http, HttpResponse } from 'msw';
import type { operations } from './contract.types.ts';
import type { ObjectStorageFake, StoredObject } from './fake.ts';

/**
 * The fake endpoint. The S3 client must be built with `endpoint: objectStorageBaseUrl, forcePathStyle: true`
 * (any region, any credentials): requests then arrive as `PUT /<bucket>/<key>?x-id=PutObject`.
 */
export const objectStorageBaseUrl = 'https://object-storage.mock';

/** An S3 error document; HEAD answers carry none. */
export const s3Error = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  new HttpResponse(
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    {
      status,
      headers: { 'Content-Type': 'application/xml', ...headers },
    },
  );

/** Bucket and key of a path-style request (keys may contain slashes). */
function location(request: Request): operations['GetObject']['parameters']['path'] {
  const [Bucket = '', ...Key] = new URL(request.url).pathname.slice(1).split('/');
  return { Bucket, Key: decodeURIComponent(Key.join('/')) };
}

const signed = (request: Request): boolean =>
  request.headers.get('authorization')?.startsWith('AWS4-HMAC-SHA256 ') ?? false;

const objectHeaders = (object: StoredObject): Record<string, string> => ({
  ETag: object.etag,
  'Content-Type': object.contentType,
  'Content-Length': String(object.body.byteLength),
});

/** PutObject, GetObject and HeadObject against the fake's objects. */
export function objectStorageHandlers(fake: ObjectStorageFake, baseUrl = objectStorageBaseUrl) {
  const objects = `${baseUrl}/:bucket/*`;
  return [
    http.put(objects, async ({ request }) => {
      if (!signed(request)) return s3Error(403, 'AccessDenied', 'Access Denied');
      const { Bucket, Key } = location(request);
      const body = new Uint8Array(await request.arrayBuffer());
      const stored = fake.put(Bucket, Key, body, request.headers.get('content-type') ?? 'application/octet-stream');
      return new HttpResponse(null, { status: 200, headers: { ETag: stored.etag } });
    }),
    http.get(objects, ({ request }) => {
      if (!signed(request)) return s3Error(403, 'AccessDenied', 'Access Denied');
      const { Bucket, Key } = location(request);
      const object = fake.get(Bucket, Key);
      if (!object) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
      return new HttpResponse(object.body, { status: 200, headers: objectHeaders(object) });
    }),
    http.head(objects, ({ request }) => {
      if (!signed(request)) return new HttpResponse(null, { status: 403 });
      const { Bucket, Key } = location(request);
      const object = fake.get(Bucket, Key);
      return object
        ? new HttpResponse(null, { status: 200, headers: objectHeaders(object) })
        : new HttpResponse(null, { status: 404 });
    }),
  ];
}
