import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { after, describe, it } from 'node:test';
import { createServer } from '@mswjs/http-middleware';
import { http, HttpResponse, type RequestHandler } from 'msw';
import { PortOneFake } from '../mocks/portone/fake.ts';
import { portoneHandlers } from '../mocks/portone/handlers.ts';
import { ObjectStorageFake } from '../mocks/object-storage/fake.ts';
import { objectStorageHandlers } from '../mocks/object-storage/handlers.ts';
import { AiSearchFake } from '../mocks/ai-search/fake.ts';
import { aiSearchHandlers } from '../mocks/ai-search/handlers.ts';
import { SlackFake } from '../mocks/slack/fake.ts';
import { slackHandlers } from '../mocks/slack/handlers.ts';
import { main, verifyVendor } from '../scripts/contracts-verify.ts';

/** Vendor handlers served over real HTTP on 127.0.0.1, at the server's root. */
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
  AI_SEARCH_API_KEY: new AiSearchFake().apiKey,
  AI_SEARCH_VERIFY_MART: 'gangnam-fresh',
  SLACK_WEBHOOK_PATH: '/services/T0MARTBOOK/B0VERIFY/verify-secret',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
};

/** Runs the command line in this process, as `npm run contracts:verify` would run it in its own. */
async function verify(url: string): Promise<{ code: number; output: string }> {
  const printed: string[] = [];
  const print = (line: string) => void printed.push(line);
  const code = await main(['--vendor', 'portone', '--base-url', url], env, print, print);
  return { code, output: printed.join('\n') };
}

// The tests run side by side, each serving vendors of its own.
describe('contracts:verify against vendors served over HTTP on 127.0.0.1', { concurrency: true }, () => {
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
      HttpResponse.json({
        code: 0,
        message: null,
        response: { access_token: 'token', expired_at: '2026-01-05T09:30:00Z', now: 0 },
      }),
    );
    const { url, server } = await serve(drifted, ...portoneHandlers(fake, ''));
    servers.push(server);
    const { code, output } = await verify(url);
    assert.equal(code, 1, output);
    assert.match(
      output,
      /FAIL POST \/users\/getToken \(getToken\): answered 200; response body: field 'response\.expired_at' must be integer/,
    );
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
      {
        operation: 'PUT /{Bucket}/{Key} (PutObject)',
        outcome: 'not probed',
        detail: 'PutObject writes, and is never sent to a live vendor',
      },
    ]);
    const [, get] = await verifyVendor('object-storage', drifted.url, env);
    assert.deepEqual(get, {
      operation: 'GET /{Bucket}/{Key} (GetObject)',
      outcome: 'violates',
      detail: "answered 404; response media type 'application/json' is not one of application/xml",
    });
  });

  it('checks the AI search API: ranked results as the contract says, then a drifted score', async () => {
    const search = new AiSearchFake();
    search.index('gangnam-fresh', [{ id: 'p-milk', name: 'Seoul milk 1L' }]);
    const conforming = await serve(...aiSearchHandlers(search, ''));
    const drifted = await serve(
      http.post('/search', () =>
        HttpResponse.json({ query: 'milk', results: [{ product_id: 'p-milk', score: 'high' }] }),
      ),
    );
    servers.push(conforming.server, drifted.server);
    assert.deepEqual(await verifyVendor('ai-search', conforming.url, env), [
      { operation: 'POST /search (searchProducts)', outcome: 'conforms', detail: 'answered 200' },
    ]);
    assert.deepEqual(search.searches, [{ query: 'milk', mart: 'gangnam-fresh', limit: 1 }]);
    assert.deepEqual(await verifyVendor('ai-search', drifted.url, env), [
      {
        operation: 'POST /search (searchProducts)',
        outcome: 'violates',
        detail: "answered 200; response body: field 'results.0.score' must be number",
      },
    ]);
  });

  it('checks a Slack webhook with an empty message it must refuse, then a drifted refusal', async () => {
    const slack = new SlackFake();
    const conforming = await serve(...slackHandlers(slack, ''));
    slack.webhooks.add(`${conforming.url}${env.SLACK_WEBHOOK_PATH}`);
    const drifted = await serve(
      http.post('/services/:team/:channel/:secret', () =>
        HttpResponse.json({ ok: false, error: 'no_text' }, { status: 400 }),
      ),
    );
    servers.push(conforming.server, drifted.server);
    assert.deepEqual(await verifyVendor('slack', conforming.url, env), [
      {
        operation: 'POST /services/{team}/{channel}/{secret} (postWebhookMessage)',
        outcome: 'conforms',
        detail: 'answered 400',
      },
    ]);
    assert.deepEqual(slack.messages, [], 'the probe posted a message');
    assert.deepEqual(await verifyVendor('slack', drifted.url, env), [
      {
        operation: 'POST /services/{team}/{channel}/{secret} (postWebhookMessage)',
        outcome: 'violates',
        detail: "answered 400; response media type 'application/json' is not one of text/plain",
      },
    ]);
  });
});
