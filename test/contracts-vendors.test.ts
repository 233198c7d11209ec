import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import {
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { assertVendorsHeld, endScenario } from '../mocks/server.ts';
import { aiSearch, objectStorage, slack } from '../mocks/vendors.ts';
import { objectStorageBaseUrl } from '../mocks/object-storage/handlers.ts';
import { SlackFake } from '../mocks/slack/fake.ts';
import { useMockVendors } from './support/mock-vendors.ts';

// The SDK's documented switch for its "Node 20 support ends" notice: keeps test output clean.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const vendors = useMockVendors();
beforeEach(() => endScenario(vendors));

/** Every exchange so far held to its contract. */
async function assertHeld(): Promise<void> {
  await vendors.contracts.settle();
  assertVendorsHeld(vendors);
}

describe('the object storage fake, through the real S3 client', () => {
  const s3 = new S3Client({
    region: 'ap-northeast-2',
    endpoint: objectStorageBaseUrl,
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const object = { Bucket: 'refund-images', Key: 'refunds/order-1/1.jpg' };

  it('keeps what PutObject stores for GetObject and HeadObject', async () => {
    await s3.send(new PutObjectCommand({ ...object, Body: Buffer.from('jpeg bytes'), ContentType: 'image/jpeg' }));
    const got = await s3.send(new GetObjectCommand(object));
    assert.equal(await got.Body?.transformToString(), 'jpeg bytes');
    assert.equal((await s3.send(new HeadObjectCommand(object))).ContentLength, 10);
    assert.equal(objectStorage.state.get(object.Bucket, object.Key)?.contentType, 'image/jpeg');
    await assertHeld();
    assert.deepEqual(
      vendors.contracts.takeCalls().map((c) => `${c.operationId} ${c.status}`),
      ['PutObject 200', 'GetObject 200', 'HeadObject 200'],
    );
  });

  it('answers a missing object as S3 does: NoSuchKey for GET, a bare 404 for HEAD', async () => {
    await assert.rejects(
      s3.send(new GetObjectCommand(object)),
      (error: S3ServiceException) => error.name === 'NoSuchKey',
    );
    await assert.rejects(s3.send(new HeadObjectCommand(object)), NotFound);
    await assertHeld();
  });

  it('has an expired-credentials fault mode', async () => {
    vendors.server.use(...objectStorage.faults.expiredToken());
    await assert.rejects(
      s3.send(new PutObjectCommand({ ...object, Body: 'x' })),
      (error: S3ServiceException) => error.name === 'ExpiredToken',
    );
    await assertHeld();
  });
});

describe('the Slack fake', () => {
  const post = (body: string, webhook = SlackFake.defaultWebhook) =>
    fetch(webhook, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('answers ok and records the message', async () => {
    const response = await post(JSON.stringify({ text: '3 slow requests', blocks: [{ type: 'section' }] }));
    assert.deepEqual([response.status, await response.text()], [200, 'ok']);
    assert.equal(slack.state.messages[0]?.text, '3 slow requests');
    await assertHeld();
  });

  it('answers invalid_payload, no_text and no_service as Slack documents', async () => {
    const answers = [
      await post('{not json'),
      await post('{}'),
      await post('{"text":"x"}', 'https://hooks.slack.com/services/T0/B0/revoked'),
    ];
    assert.deepEqual(await Promise.all(answers.map(async (r) => `${r.status} ${await r.text()}`)), [
      '400 invalid_payload',
      '400 no_text',
      '404 no_service',
    ]);
    await vendors.contracts.settle();
    // The malformed body is the client's contract violation, and is reported as such.
    assert.throws(() => assertVendorsHeld(vendors), /request: body is not valid JSON/);
  });

  it('answers 429 with Retry-After once a webhook gets more than its limit in a minute', async () => {
    let now = 0;
    slack.state.now = () => now;
    slack.state.messagesPerMinute = 2;
    for (const text of ['one', 'two']) await post(JSON.stringify({ text }));
    now = 15_000;
    const limited = await post(JSON.stringify({ text: 'three' }));
    assert.deepEqual([limited.status, limited.headers.get('retry-after')], [429, '45']);
    now = 60_001;
    assert.equal((await post(JSON.stringify({ text: 'three' }))).status, 200);
    await assertHeld();
  });
});

describe('the AI search fake', () => {
  const search = (body: object, apiKey = aiSearch.state.apiKey) =>
    fetch('https://ai-search.mock/v1/search', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify(body),
    });

  it('ranks a mart’s products by the words they share with the query (Sørensen–Dice), ties by id', async () => {
    aiSearch.state.index('gangnam-fresh', [
      { id: 'p-3', name: 'Fresh strawberries 500g' },
      { id: 'p-1', name: 'Strawberry jam', keywords: ['strawberries'] },
      { id: 'p-2', name: 'Fresh milk' },
      { id: 'p-5', name: 'Fresh rice' },
      { id: 'p-4', name: 'Rice 10kg' },
    ]);
    const response = await search({ query: 'fresh strawberries', mart: 'gangnam-fresh', limit: 4 });
    assert.deepEqual(await response.json(), {
      query: 'fresh strawberries',
      results: [
        { product_id: 'p-3', score: 0.8 },
        { product_id: 'p-2', score: 0.5 },
        { product_id: 'p-5', score: 0.5 },
        { product_id: 'p-1', score: 0.4 },
      ],
    });
    await assertHeld();
  });

  it('finds nothing for a query that names nothing the mart sells', async () => {
    aiSearch.state.index('gangnam-fresh', [{ id: 'p-1', name: 'Strawberry jam' }]);
    const response = await search({ query: 'pineapple', mart: 'gangnam-fresh' });
    assert.deepEqual(await response.json(), { query: 'pineapple', results: [] });
    await assertHeld();
  });

  it('answers 401, 404 and the fault modes within its contract', async () => {
    assert.equal((await search({ query: 'milk', mart: 'm' }, 'wrong-key')).status, 401);
    assert.equal((await search({ query: 'milk', mart: 'nowhere' })).status, 404);
    vendors.server.use(...aiSearch.faults.down());
    assert.equal((await search({ query: 'milk', mart: 'm' })).status, 503);
    await assertHeld();
  });
});
