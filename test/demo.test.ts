import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedMart, startDemo, type Demo } from '../scripts/demo.ts';

// The walkthrough runs embedded: on a shared DATABASE_URL or REDIS_URL its customer's cart and orders would meet
// other runs'. The seed is also proven on those servers when they are set; otherwise one demo serves both (each
// start opens a database, migrates and seeds it).
const quiet = { PORT: '0', LOG_LEVEL: 'silent' };
const onServers = Boolean(process.env.DATABASE_URL || process.env.REDIS_URL);
let demo: Demo;
let seeded: Demo;
before(async () => {
  demo = await startDemo(quiet);
  seeded = onServers ? await startDemo({ ...process.env, ...quiet }) : demo;
});
after(async () => {
  await demo?.stop();
  if (seeded !== demo) await seeded?.stop();
});

/** `npm run demo` walked end to end over real HTTP, as its printed walkthrough says: it must not rot. */
describe('the demo', () => {
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const response = await fetch(`${demo.platform.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('searches, orders, pays and empties the cart, with every vendor mocked in-process', async () => {
    const { martId, tokens } = demo;
    const search = await call('GET', `/marts/${martId}/search?q=milk`);
    assert.equal(search.body.source, 'ai');
    const [milk] = search.body.products as { id: string; name: string }[];
    assert.match(milk!.name, /Seoul milk/);

    assert.equal(
      (await call('POST', `/me/carts/${martId}/items`, tokens.customer, { productId: milk!.id, quantity: 2 })).status,
      200,
    );
    const order = await call('POST', '/me/orders', tokens.customer, { martId });
    assert.deepEqual([order.status, order.body.status, order.body.totalKrw], [201, 'awaiting_payment', 5_800]);

    const { impUid } = (await call('POST', `/demo/orders/${String(order.body.id)}/pay`)).body;
    const paid = await call('POST', `/me/orders/${String(order.body.id)}/payment`, tokens.customer, { impUid });
    assert.deepEqual([paid.status, paid.body.status], [200, 'paid']);
    assert.deepEqual((await call('GET', `/me/carts/${martId}`, tokens.customer)).body.lines, []);
  });

  it('shows the breakers to the operator only', async () => {
    assert.equal((await call('GET', '/internal/breakers', demo.tokens.operator)).status, 200);
    assert.equal((await call('GET', '/internal/breakers', demo.tokens.customer)).status, 403);
  });
});

/** `npm run demo` started again on the same DATABASE_URL: the seed finds its mart instead of failing on it. */
describe('the demo seed', () => {
  it('seeds the mart and its products once, however often it runs on one database', async () => {
    const { app, db } = seeded.platform;
    const products = await app.services.catalog.listProducts(seeded.martId);
    assert.equal(await seedMart(app, db), seeded.martId);
    assert.deepEqual(await app.services.catalog.listProducts(seeded.martId), products);
    const marts = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM marts WHERE name = 'Gangnam Fresh'");
    assert.equal(marts[0]!.n, 1);
  });
});
