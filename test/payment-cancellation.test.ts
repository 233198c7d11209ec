import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { endFaults } from '../mocks/server.ts';
import { portone } from '../mocks/vendors.ts';
import { OrderStore } from '../src/payment/order.store.ts';
import type { GatewayPayment } from '../src/payment/portone.client.ts';
import { CANCEL_CLAIM_MS, cancelFingerprint, madeAtGateway } from '../src/payment/payment-cancellation.service.ts';
import type { ImpUid, Order } from '../src/payment/payment.types.ts';
import { buildApp } from '../src/platform/app.ts';
import type { CustomerId } from '../src/platform/auth.ts';
import { FakeClock, MINUTE } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { Database } from '../src/platform/database.ts';
import { DomainError } from '../src/platform/errors.ts';
import { createLogger } from '../src/platform/logger.ts';
import { useMockVendors } from './support/mock-vendors.ts';
import { openMigrated } from './support/migrated-database.ts';

const payment = (amount: number, history: [number, string][]): GatewayPayment => ({
  imp_uid: 'imp_1',
  merchant_uid: 'ord_1',
  status: 'paid',
  amount,
  cancel_amount: history.reduce((sum, [a]) => sum + a, 0),
  cancel_history: history.map(([a, reason]) => ({ amount: a, reason, cancelled_at: 0 })),
});

describe('whether the payment company made a cancel', () => {
  it('is read from the history entry made when exactly its checksum remained, whatever came after', () => {
    const history = payment(10_300, [
      [2_900, 'milk'],
      [4_500, 'eggs'],
      [1_000, 'console'],
    ]);
    assert.equal(madeAtGateway(history, { amountKrw: 4_500, checksumKrw: 7_400, reason: 'eggs' }), true);
    assert.equal(madeAtGateway(history, { amountKrw: 2_900, checksumKrw: 10_300, reason: 'milk' }), true);
  });

  it('is not taken from an entry of the same amount and reason made at another checksum, nor from an empty history', () => {
    assert.equal(
      madeAtGateway(payment(10_300, [[2_900, 'milk']]), { amountKrw: 2_900, checksumKrw: 7_400, reason: 'milk' }),
      false,
    );
    assert.equal(
      madeAtGateway(payment(10_300, [[2_900, 'milk']]), { amountKrw: 2_900, checksumKrw: 10_300, reason: 'Milk' }),
      false,
    );
    assert.equal(madeAtGateway(payment(10_300, []), { amountKrw: 2_900, checksumKrw: 10_300, reason: 'milk' }), false);
  });
});

describe('a cancel without an idempotency key', () => {
  it('is known by its amount (or "the rest") and reason', () => {
    assert.equal(
      cancelFingerprint({ amountKrw: 2_900, reason: 'milk' }),
      cancelFingerprint({ amountKrw: 2_900, reason: 'milk' }),
    );
    const others = [{ amountKrw: 4_500, reason: 'milk' }, { amountKrw: 2_900, reason: 'eggs' }, { reason: 'milk' }].map(
      cancelFingerprint,
    );
    assert.equal(new Set([cancelFingerprint({ amountKrw: 2_900, reason: 'milk' }), ...others]).size, 4);
  });
});

describe('cancels against the PortOne mock', () => {
  let db: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const clock = new FakeClock(Date.parse('2026-03-02T09:00:00Z'));

  after(async () => {
    await app.close();
    await db.close();
  });
  const vendors = useMockVendors();
  before(async () => {
    db = await openMigrated();
    portone.state.now = () => clock.now();
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      PORTONE_RETRY_INITIAL_DELAY_MS: '0',
      PORTONE_RETRY_MAX_DELAY_MS: '0',
    });
    app = await buildApp({ config, clock, db, logger: createLogger('silent') });
  });
  /** The cancels PortOne received since the test began. */
  const cancelCalls = async () =>
    (await vendors.ledger.calls({ vendor: 'portone', operationId: 'cancelPayment', since })).length;
  let since = 0;
  beforeEach(() => {
    endFaults(vendors);
    since = vendors.ledger.size;
  });

  /** A paid order of 3 × 2,900 won. */
  async function paidOrder(): Promise<Order> {
    const { carts, catalog, payments } = app.services;
    const mart = await catalog.createMart(`Mart ${Math.random()}`);
    const milk = await catalog.addProduct(mart.id, {
      sku: 'MILK',
      name: 'Milk 1L',
      priceKrw: 2_900,
      onSale: true,
      stock: 10,
    });
    const customer = `customer-${Math.random()}` as CustomerId;
    await carts.add(customer, mart.id, milk.id, 3);
    const placed = await payments.orders.checkout(customer, mart.id);
    return payments.verification.verify(placed, portone.state.pay(placed.id).imp_uid as ImpUid);
  }
  const pending = async (order: Order) =>
    Number(
      (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM payment_cancellations WHERE order_id = $1 AND status = 'pending'`,
          [order.id],
        )
      )[0]?.n,
    );

  it('two identical ones at once cancel once at PortOne and are recorded once; the other is told it is under way or given it', async () => {
    const order = await paidOrder();
    const request = { amountKrw: 2_900, reason: 'out of stock' };
    const answers = await Promise.allSettled([
      app.services.payments.cancellation.cancel(order, request),
      app.services.payments.cancellation.cancel(order, request),
    ]);

    for (const answer of answers) {
      if (answer.status === 'fulfilled')
        assert.deepEqual([answer.value.order.status, answer.value.order.cancelledKrw], ['partially_cancelled', 2_900]);
      else assert.equal((answer.reason as DomainError).code, 'CANCEL_IN_PROGRESS');
    }
    assert.equal(await cancelCalls(), 1);
    assert.equal((await app.services.payments.orders.cancellations(order.id)).length, 1);
    assert.equal(portone.state.find(undefined, order.id)?.cancel_history?.length, 1);
  });

  it('a reason the database cannot store (past the input boundary) is refused before PortOne is called', async () => {
    const order = await paidOrder();
    await assert.rejects(
      app.services.payments.cancellation.cancel(order, { amountKrw: 2_900, reason: 'out of\u0000 stock' }),
    );
    assert.equal(await cancelCalls(), 0);
    assert.equal(await pending(order), 0);
    assert.equal((await app.services.payments.orders.find(order.id))?.cancelledKrw, 0);
  });

  it('reconciliation leaves a claimed pending cancel alone, then records it once made at PortOne', async () => {
    const order = await paidOrder();
    // As a request that died after PortOne made its cancel leaves it: written down, still claimed, not settled.
    const now = clock.now();
    const cancel = {
      orderId: order.id,
      impUid: order.impUid!,
      amountKrw: 2_900,
      checksumKrw: 8_700,
      reason: 'made, then the process died',
      idempotencyKey: 'k-died',
      requestedAt: now,
    };
    await db.transaction((tx) => new OrderStore(db).addPendingCancel(tx, cancel, now + CANCEL_CLAIM_MS));
    portone.state.cancel({ imp_uid: order.impUid!, amount: 2_900, checksum: 8_700, reason: cancel.reason });

    assert.deepEqual(await app.services.payments.cancellation.reconcile(), { settled: 0, dropped: 0, waiting: 0 });
    clock.advance(CANCEL_CLAIM_MS);
    assert.deepEqual(await app.services.payments.cancellation.reconcile(), { settled: 1, dropped: 0, waiting: 0 });
    assert.equal((await app.services.payments.orders.find(order.id))?.cancelledKrw, 2_900);
    assert.equal(await pending(order), 0);
  });

  it('a pending cancel PortOne never made is kept while it could still land, then dropped', async () => {
    const order = await paidOrder();
    vendors.faults.fail(portone, 'down');
    await assert.rejects(app.services.payments.cancellation.cancel(order, { amountKrw: 2_900, reason: 'never made' }), {
      code: 'PAYMENT_GATEWAY_UNAVAILABLE',
    });
    endFaults(vendors);

    assert.deepEqual(await app.services.payments.cancellation.reconcile(), { settled: 0, dropped: 0, waiting: 1 });
    clock.advance(CANCEL_CLAIM_MS + MINUTE);
    assert.deepEqual(await app.services.payments.cancellation.reconcile(), { settled: 0, dropped: 1, waiting: 0 });
    assert.equal(await pending(order), 0);
    assert.equal(portone.state.find(undefined, order.id)?.cancel_history?.length, 0);
  });
});
