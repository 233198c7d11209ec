import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { portone } from '../mocks/vendors.ts';
import type { ImpUid, Order } from '../src/payment/payment.types.ts';
import { buildApp } from '../src/platform/app.ts';
import type { CustomerId } from '../src/platform/auth.ts';
import { FakeClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { Database } from '../src/platform/database.ts';
import { createLogger } from '../src/platform/logger.ts';
import { RefundService } from '../src/refund/refund.service.ts';
import { RefundStore, type RefundRecord } from '../src/refund/refund.store.ts';
import type { RefundRequest } from '../src/refund/refund.types.ts';
import { useMockVendors } from './support/mock-vendors.ts';
import { openMigrated } from './support/migrated-database.ts';

/** A store as a racing request sees it: its first look for the order's refund came before the other request's commit. */
class LookedTooEarly extends RefundStore {
  #looked = false;

  override async findByOrder(orderId: string): Promise<RefundRecord | undefined> {
    if (this.#looked) return super.findByOrder(orderId);
    this.#looked = true;
    return undefined;
  }
}

describe('a refund request that raced an identical one', () => {
  let db: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const clock = new FakeClock(Date.parse('2026-03-02T09:00:00Z'));
  const config = loadConfig({ LOG_LEVEL: 'silent' });

  after(async () => {
    await app.close();
    await db.close();
  });
  useMockVendors();
  before(async () => {
    db = await openMigrated();
    portone.state.now = () => clock.now();
    app = await buildApp({ config, clock, db, logger: createLogger('silent') });
  });

  /** A delivered order of 2 × Milk 1L; `request` refunds both. */
  async function deliveredOrder(): Promise<{ order: Order; request: RefundRequest }> {
    const { carts, catalog, payments, refunds } = app.services;
    const mart = await catalog.createMart(`Mart ${Math.random()}`);
    const milk = await catalog.addProduct(mart.id, {
      sku: 'MILK',
      name: 'Milk 1L',
      priceKrw: 2_900,
      onSale: true,
      stock: 10,
    });
    const customer = `customer-${Math.random()}` as CustomerId;
    await carts.add(customer, mart.id, milk.id, 2);
    const placed = await payments.orders.checkout(customer, mart.id);
    await payments.verification.verify(placed, portone.state.pay(placed.id).imp_uid as ImpUid);
    await refunds.refunds.markDelivered(placed.id);
    const order = await payments.orders.find(placed.id);
    return {
      order,
      request: {
        reason: 'spoiled',
        products: [{ productId: milk.id, quantity: 2 }],
        images: [],
        idempotencyKey: 'key-racing-1',
      },
    };
  }
  const racer = () =>
    new RefundService(new LookedTooEarly(db), app.services.payments, clock, config.refund, createLogger('silent'));

  it('is answered with the refund made, not refused because its products now count as refunded', async () => {
    const { order, request } = await deliveredOrder();
    const first = await app.services.refunds.refunds.request('manager-hana', order, request);

    const raced = await racer().request('manager-hana', order, request);

    assert.deepEqual([raced.created, raced.refund.id], [false, first.refund.id]);
  });

  it('is refused as a second refund when it said something else, whatever rule it would have tripped', async () => {
    const { order, request } = await deliveredOrder();
    await app.services.refunds.refunds.request('manager-hana', order, request);

    await assert.rejects(racer().request('manager-hana', order, { ...request, idempotencyKey: 'key-racing-2' }), {
      code: 'REFUND_ALREADY_EXISTS',
    });
  });
});
