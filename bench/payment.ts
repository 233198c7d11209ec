/**
 * `npm run bench:payment [-- <count> <cancels>]`: 1,000 (or <count>) payment verifications sent to the API at
 * once, each for its own paid order, against the PortOne mock. Prints the token requests the platform made (the
 * policy: exactly 1), the payment look-ups, the outcome and the wall time. Then 50 (or <cancels>) identical
 * cancels of one paid order without an Idempotency-Key, all at once: the cancels PortOne made (the policy:
 * exactly 1) and the cancels recorded. Embedded database unless DATABASE_URL is set.
 */
import { randomUUID } from 'node:crypto';
import { startMockVendors } from '../mocks/server.ts';
import { portone } from '../mocks/vendors.ts';
import { OrderStore } from '../src/payment/order.store.ts';
import type { Order, OrderId } from '../src/payment/payment.types.ts';
import { buildApp } from '../src/platform/app.ts';
import type { CustomerId } from '../src/platform/auth.ts';
import { HOUR, systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/database.ts';
import { createLogger } from '../src/platform/logger.ts';
import { migrate } from '../src/platform/migrate.ts';

const count = Number(process.argv[2] ?? 1_000);
const cancels = Number(process.argv[3] ?? 50);
const schema = process.env.DATABASE_URL ? `martbook_bench_${randomUUID().slice(0, 8)}` : undefined;
const db = await openDatabase({ url: process.env.DATABASE_URL || undefined, schema });
await migrate(db);
const vendors = startMockVendors();
/** Every call PortOne received so far, as `POST /users/getToken`, from the vendor ledger. */
const portoneCalls = async () =>
  (await vendors.ledger.calls({ vendor: portone.name })).map((call) => `${call.method} ${call.path}`);

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
const app = await buildApp({ config, clock: systemClock, db, logger: createLogger('silent') });
const customerId = `customer-${randomUUID()}` as CustomerId;
const token = app.services.tokens.issue({ role: 'customer', customerId }, HOUR);

// The stage, untimed: a mart, `count` orders of 5,000 won, each prepared and paid at the gateway.
const mart = await app.services.catalog.createMart('Bench Mart');
const product = await app.services.catalog.addProduct(mart.id, {
  sku: 'B-1',
  name: 'Bench product',
  priceKrw: 5_000,
  onSale: true,
  stock: 1,
});
const store = new OrderStore(db);
const payments = new Map<OrderId, string>();
await db.transaction(async (tx) => {
  for (let i = 0; i < count; i++) {
    const order: Order = {
      id: `ord_bench${String(i).padStart(27, '0')}` as OrderId,
      customerId,
      martId: mart.id,
      totalKrw: 5_000,
      status: 'awaiting_payment',
      impUid: null,
      paymentFailure: null,
      cancelledKrw: 0,
      createdAt: new Date().toISOString(),
      lines: [{ productId: product.id, name: product.name, quantity: 1, unitPriceKrw: 5_000 }],
    };
    await store.insert(tx, order);
    portone.state.prepare(order.id, order.totalKrw);
    payments.set(order.id, portone.state.pay(order.id).imp_uid);
  }
});

const started = performance.now();
const answers = await Promise.all(
  [...payments].map(([orderId, impUid]) =>
    app.inject({
      method: 'POST',
      url: `/me/orders/${orderId}/payment`,
      headers: { authorization: `Bearer ${token}` },
      payload: { impUid },
    }),
  ),
);
const wallMs = performance.now() - started;

const paid = answers.filter((a) => a.statusCode === 200 && a.json<{ status: string }>().status === 'paid').length;
const tokenRequests = (await portoneCalls()).filter((c) => c === 'POST /users/getToken').length;
console.log(`database             ${db.kind}`);
console.log(`verifications        ${count.toLocaleString('en-US')} at once, each for its own paid order`);
console.log(`answered paid        ${paid.toLocaleString('en-US')}`);
console.log(`token requests       ${tokenRequests}`);
console.log(
  `payment look-ups     ${(await portoneCalls()).filter((c) => c.startsWith('GET /payments/')).length.toLocaleString('en-US')}`,
);
console.log(`wall time            ${wallMs.toFixed(0)} ms (${(wallMs / count).toFixed(2)} ms per verification)`);

// N identical cancels of one paid order, without a key, at once (the attack that made 5 to 7 cancels).
const [cancelled] = payments.keys();
const managerToken = app.services.tokens.issue(
  { role: 'manager', managerId: 'manager-bench' as never, martIds: [mart.id] },
  HOUR,
);
const cancelCallsBefore = (await portoneCalls()).filter((c) => c === 'POST /payments/cancel').length;
const cancelStarted = performance.now();
const cancelAnswers = await Promise.all(
  Array.from({ length: cancels }, () =>
    app.inject({
      method: 'POST',
      url: `/marts/${mart.id}/orders/${cancelled}/cancellations`,
      headers: { authorization: `Bearer ${managerToken}` },
      payload: { amountKrw: 1_000, reason: 'Bench: out of stock' },
    }),
  ),
);
const cancelMs = performance.now() - cancelStarted;
const madeAtPortOne = portone.state.find(undefined, cancelled)?.cancel_history?.length ?? 0;
const recorded = (await store.cancellations(cancelled!)).length;
const answered = (code: number) => cancelAnswers.filter((a) => a.statusCode === code).length;
console.log(
  `keyless cancels      ${cancels} identical at once: PortOne cancels made ${madeAtPortOne} (policy: 1), recorded ${recorded}, cancel calls ${(await portoneCalls()).filter((c) => c === 'POST /payments/cancel').length - cancelCallsBefore}`,
);
console.log(
  `                     answers 200 ${answered(200)}, 409 under way ${answered(409)}, other ${cancels - answered(200) - answered(409)}; ${cancelMs.toFixed(0)} ms`,
);

await app.close();
vendors.server.close();
if (schema) await db.exec(`DROP SCHEMA ${schema} CASCADE`);
await db.close();
process.exitCode = paid === count && tokenRequests === 1 && madeAtPortOne === 1 && recorded === 1 ? 0 : 1;
