import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createServer } from '@mswjs/http-middleware';
import { http, HttpResponse, type RequestHandler } from 'msw';
import { PortOneFake } from '../mocks/portone/fake.ts';
import { portoneHandlers } from '../mocks/portone/handlers.ts';
import { ObjectStorageFake } from '../mocks/object-storage/fake.ts';
import { objectStorageHandlers } from '../mocks/object-storage/handlers.ts';
import { verifyVendor } from '../scripts/contracts-verify.ts';

/** The PortOne fake served over real HTTP on 127.0.0.1, with handlers at the server's root. */
async function serve(...handlers: RequestHandler[]): Promise<{ url: string; server: Server }> {
  // http-middleware resolves msw's CommonJS typings; the handlers are the same objects at run time.
  const server = createServer(...(handlers as unknown as Parameters<typeof createServer>)).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const fake = new PortOneFake();
const env = {
  ...process.env,
  PORTONE_API_KEY: fake.credentials.imp_key,
  PORTONE_API_SECRET: fake.credentials.imp_secret,
  S3_VERIFY_BUCKET: 'refund-images',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
};

/** Runs the real command line, as `npm run contracts:verify` would. */
async function verify(url: string): Promise<{ code: number; output: string }> {
  const args = ['--import', 'tsx', 'scripts/contracts-verify.ts', '--vendor', 'portone', '--base-url', url];
  try {
    const { stdout } = await promisify(execFile)(process.execPath, args, { env });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('contracts:verify against vendors served over HTTP on 127.0.0.1', () => {
  const servers: Server[] = [];
  after(() => servers.forEach((server) => server.close()));

  it('passes when the vendor answers as the contract says', async () => {
    const { url, server } = await serve(...portoneHandlers(fake, ''));
    servers.push(server);
    const { code, output } = await verify(url);
    assert.equal(code, 0, output);
    assert.match(output, /ok {3}POST \/users\/getToken \(getToken\): answered 200/);
    assert.match(output, /ok {3}GET \/payments\/\{imp_uid\} \(getPaymentByImpUid\): answered 404/);
    assert.match(output, /skip POST \/payments\/cancel \(cancelPayment\): writes/);
  });

  it('fails, naming the operation and the field, when the vendor drifted', async () => {
    const drifted = http.post('/users/getToken', () =>
      HttpResponse.json({ code: 0, message: null, response: { access_token: 'token', expired_at: '2026-01-05T09:30:00Z', now: 0 } }),
    );
    const { url, server } = await serve(drifted, ...portoneHandlers(fake, ''));
    servers.push(server);
    const { code, output } = await verify(url);
    assert.equal(code, 1, output);
    assert.match(output, /FAIL POST \/users\/getToken \(getToken\): answered 200; response body: field 'response\.expired_at' must be integer/);
    assert.match(output, /1 operation\(s\) do not match the contract/);
  });

  it('checks S3 through the real client: conforming, then with a drifted error document', async () => {
    const conforming = await serve(...objectStorageHandlers(new ObjectStorageFake(), ''));
    const drifted = await serve(
      http.get('/:bucket/*', () => HttpResponse.json({ error: 'NoSuchKey' }, { status: 404 })),
      ...objectStorageHandlers(new ObjectStorageFake(), ''),
    );
    servers.push(conforming.server, drifted.server);
    assert.deepEqual(await verifyVendor('object-storage', conforming.url, env), [
      { operation: 'HEAD /{Bucket}/{Key} (HeadObject)', outcome: 'conforms', detail: 'answered 404' },
      { operation: 'GET /{Bucket}/{Key} (GetObject)', outcome: 'conforms', detail: 'answered 404' },
      { operation: 'PUT /{Bucket}/{Key} (PutObject)', outcome: 'not probed', detail: 'PutObject writes, and is never sent to a live vendor' },
    ]);
    const [, get] = await verifyVendor('object-storage', drifted.url, env);
    assert.deepEqual(get, {
      operation: 'GET /{Bucket}/{Key} (GetObject)',
      outcome: 'violates',
      detail: "answered 404; response media type 'application/json' is not one of application/xml",
    });
  });
});
