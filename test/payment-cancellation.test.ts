import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { portone } from '../mocks/vendors.ts';
import type { CustomerId } from '../src/platform/auth.ts';
import { startDemo, type Demo } from '../scripts/demo.ts';

/**
 * Two identical cancels that both read the order before either recorded its cancel (a double click): PortOne
 * carries out one and refuses the other's stale checksum. Both requests find that one cancel; it is recorded once.
 */
describe('two identical cancels at once', () => {
  let demo: Demo;
  before(async () => {
    demo = await startDemo({ PORT: '0', LOG_LEVEL: 'silent' });
  });
  after(() => demo.stop());

  it('cancel once at PortOne, are recorded once, and both answer with the cancelled order', async () => {
    const { carts, catalog, payments } = demo.platform.app.services;
    const customer = 'customer-double-click' as CustomerId;
    const [milk] = await catalog.store.listProducts(demo.martId);
    await carts.add(customer, demo.martId, milk!.id, 3);
    const placed = await payments.orders.checkout(customer, demo.martId);
    await payments.verification.verify(placed, portone.state.pay(placed.id).imp_uid as never);

    const [first, second] = [await payments.orders.find(placed.id), await payments.orders.find(placed.id)];
    const request = { amountKrw: milk!.priceKrw, reason: 'out of stock' };
    const answers = await Promise.all([payments.cancellation.cancel(first, request), payments.cancellation.cancel(second, request)]);

    assert.deepEqual(answers.map((order) => [order.status, order.cancelledKrw]), [['partially_cancelled', milk!.priceKrw], ['partially_cancelled', milk!.priceKrw]]);
    assert.equal((await payments.orders.cancellations(placed.id)).length, 1);
    assert.equal(portone.state.find(undefined, placed.id)?.cancel_history?.length, 1);
  });
});
