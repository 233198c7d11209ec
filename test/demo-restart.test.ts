import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedMart, startDemo, type Demo } from '../scripts/demo.ts';

/** `npm run demo` started again on the same DATABASE_URL: the seed finds its mart instead of failing on it. */
describe('the demo seed', () => {
  let demo: Demo;
  before(async () => {
    demo = await startDemo({ ...process.env, PORT: '0', LOG_LEVEL: 'silent' });
  });
  after(() => demo.stop());

  it('seeds the mart and its products once, however often it runs on one database', async () => {
    const { app, db } = demo.platform;
    const products = await app.services.catalog.listProducts(demo.martId);
    assert.equal(await seedMart(app, db), demo.martId);
    assert.deepEqual(await app.services.catalog.listProducts(demo.martId), products);
    const marts = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM marts WHERE name = 'Gangnam Fresh'");
    assert.equal(marts[0]!.n, 1);
  });
});
