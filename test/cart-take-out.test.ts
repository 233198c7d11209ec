// A paid order's products leave the cart once: the reconciliation job may repeat a take-out whose answer was lost
// (the cart storage applied it, the platform never heard), and the repeat must take nothing more. Both stores; the
// Redis one against REDIS_URL (npm run test:real's servers), skipped without it.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { CustomerId } from '../src/platform/auth.ts';
import type { MartId, ProductId } from '../src/catalog/catalog.types.ts';
import type { CartPolicyConfig } from '../src/cart/cart.config.ts';
import { InMemoryCartStore } from '../src/cart/cart.store.memory.ts';
import { RedisCartStore } from '../src/cart/cart.store.redis.ts';
import type { CartStore } from '../src/cart/cart.store.ts';
import { openRedis, type Redis } from '../src/platform/redis.ts';

const policy: CartPolicyConfig = { maxQuantity: 10, maxLines: 10, ttlMs: 60_000 };
const milk = 'milk' as ProductId;
const eggs = 'eggs' as ProductId;
const now = 1_000;

function takeOutOnce(store: () => CartStore) {
  it('takes an order out once, however often it is asked', async () => {
    const key = { customerId: `c-${randomUUID()}` as CustomerId, martId: 'gangnam' as MartId };
    const cart = store();
    await cart.add(key, milk, 3, policy, now);
    await cart.add(key, eggs, 1, policy, now);
    const order = new Map([[milk, 2]]);
    await cart.takeOut(key, 'order-1', order, policy, now);
    await cart.takeOut(key, 'order-1', order, policy, now);
    assert.deepEqual(
      (await cart.read(key, now))?.lines,
      new Map([
        [milk, 1],
        [eggs, 1],
      ]),
    );
    // Another order of the same products is another take-out.
    await cart.takeOut(key, 'order-2', order, policy, now);
    assert.deepEqual((await cart.read(key, now))?.lines, new Map([[eggs, 1]]));
  });

  it('remembers an order whose cart was already gone, so a cart filled again later keeps its products', async () => {
    const key = { customerId: `c-${randomUUID()}` as CustomerId, martId: 'gangnam' as MartId };
    const cart = store();
    await cart.takeOut(key, 'order-3', new Map([[milk, 2]]), policy, now);
    await cart.add(key, milk, 2, policy, now);
    await cart.takeOut(key, 'order-3', new Map([[milk, 2]]), policy, now);
    assert.deepEqual((await cart.read(key, now))?.lines, new Map([[milk, 2]]));
  });
}

describe('a take-out in memory', () => {
  const store = new InMemoryCartStore();
  takeOutOnce(() => store);
});

describe('a take-out on Redis', { skip: !process.env.REDIS_URL && 'REDIS_URL is not set' }, () => {
  let redis: Redis | undefined;
  const prefix = `martbook-test-${randomUUID()}:`;
  before(async () => {
    redis = await openRedis(process.env.REDIS_URL!);
  });
  takeOutOnce(() => new RedisCartStore(redis!, prefix));
  after(async () => {
    if (!redis) return;
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });
});
