/**
 * `npm run bench:refund [-- <orders> <duplicates>]`: for each of 20 (or <orders>) delivered orders, 50 (or
 * <duplicates>) identical refund requests with 2 photos each arrive at once — 1,000 requests — while object
 * storage is down. Then storage comes back flaky (every 3rd store answers 503 SlowDown) and the refund worker
 * runs on a fake clock until nothing is pending. Prints refunds created (the policy: one per order), photos
 * uploaded vs sent, store attempts and duplicates, gateway cancels, and wall times. Embedded database unless
 * DATABASE_URL is set.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { startMockVendors } from '../mocks/server.ts';
import { objectStorage, portone } from '../mocks/vendors.ts';
import { OrderStore } from '../src/payment/order.store.ts';
import type { ImpUid, Order, OrderId } from '../src/payment/payment.types.ts';
import { buildApp } from '../src/platform/app.ts';
import type { CustomerId } from '../src/platform/auth.ts';
import { FakeClock, HOUR, MINUTE } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/database.ts';
import { createLogger } from '../src/platform/logger.ts';
import { migrate } from '../src/platform/migrate.ts';
import { multipart } from '../steps/support/drivers/refund-api.ts';

const orders = Number(process.argv[2] ?? 20);
const duplicates = Number(process.argv[3] ?? 50);
const PHOTOS = 2;

const schema = process.env.DATABASE_URL ? `martbook_bench_${randomUUID().slice(0, 8)}` : undefined;
const db = await openDatabase({ url: process.env.DATABASE_URL || undefined, schema });
await migrate(db);
const vendors = startMockVendors();

const clock = new FakeClock(Date.now());
const config = loadConfig({
  ...process.env,
  LOG_LEVEL: 'silent',
  PORTONE_RETRY_INITIAL_DELAY_MS: '0',
  PORTONE_RETRY_MAX_DELAY_MS: '0',
});
const app = await buildApp({ config, clock, db, logger: createLogger('silent') });

// The stage, untimed: a mart, `orders` paid orders of 2 × 5,000 won, each delivered.
const mart = await app.services.catalog.createMart('Bench Mart');
const product = await app.services.catalog.addProduct(mart.id, {
  sku: 'B-1',
  name: 'Bench product',
  priceKrw: 5_000,
  onSale: true,
  stock: 1_000,
});
const store = new OrderStore(db);
const orderIds: OrderId[] = [];
for (let i = 0; i < orders; i++) {
  const order: Order = {
    id: `ord_refundbench${String(i).padStart(21, '0')}` as OrderId,
    customerId: `customer-${randomUUID()}` as CustomerId,
    martId: mart.id,
    totalKrw: 10_000,
    status: 'awaiting_payment',
    impUid: null,
    paymentFailure: null,
    cancelledKrw: 0,
    createdAt: new Date(clock.now()).toISOString(),
    lines: [{ productId: product.id, name: product.name, quantity: 2, unitPriceKrw: 5_000 }],
  };
  portone.state.prepare(order.id, order.totalKrw);
  const impUid = portone.state.pay(order.id).imp_uid as ImpUid;
  await db.transaction(async (tx) => {
    await store.insert(tx, order);
    await store.transition(tx, order.id, ['awaiting_payment'], 'paid', { impUid, now: clock.now() });
  });
  await app.services.refunds.refunds.markDelivered(order.id);
  orderIds.push(order.id);
}
clock.advance(HOUR);
const token = app.services.tokens.issue(
  { role: 'manager', managerId: 'manager-bench' as never, martIds: [mart.id] },
  24 * HOUR,
);

// Object storage is down while the requests arrive.
vendors.faults.fail(objectStorage, 'down');
const requests = orderIds.flatMap((orderId) => {
  const photos = Array.from({ length: PHOTOS }, (_, n) => {
    const bytes = randomBytes(4_096);
    bytes.set([0xff, 0xd8, 0xff, 0xe0]);
    return { filename: `photo-${n + 1}.jpg`, bytes };
  });
  const { payload, contentType } = multipart(
    { reason: 'Damaged in delivery', products: JSON.stringify([{ productId: product.id, quantity: 1 }]) },
    photos,
  );
  const headers = {
    authorization: `Bearer ${token}`,
    'content-type': contentType,
    'idempotency-key': `bench-${orderId}`,
  };
  return Array.from({ length: duplicates }, () => ({
    url: `/marts/${mart.id}/orders/${orderId}/refunds`,
    headers,
    payload,
  }));
});
const started = performance.now();
const answers = await Promise.all(requests.map((r) => app.inject({ method: 'POST', ...r })));
const requestMs = performance.now() - started;
await app.services.refunds.outbox.runOnce(); // storage still down: every photo fails once and waits for its retry

// Storage comes back flaky: every 3rd store answers 503 SlowDown; the worker runs every 10 minutes of fake time.
vendors.faults.restore(objectStorage);
vendors.faults.fail(objectStorage, 'flaky', { every: 3 });
const drainStarted = performance.now();
let passes = 0;
const pending = async () =>
  Number(
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM refund_images WHERE status = 'pending'`))[0]?.n,
  );
while ((await pending()) > 0 && passes < 50) {
  clock.advance(10 * MINUTE);
  await app.services.refunds.outbox.runOnce();
  passes++;
}
const drainMs = performance.now() - drainStarted;

const [counts] = await db.query<{ refunds: number; completed: number; images: number; uploaded: number }>(
  `SELECT (SELECT count(*) FROM refunds)::int AS refunds, (SELECT count(*) FROM refunds WHERE status = 'completed')::int AS completed,
          (SELECT count(*) FROM refund_images)::int AS images, (SELECT count(*) FROM refund_images WHERE status = 'uploaded')::int AS uploaded`,
);
const objects = [...objectStorage.state.objects.keys()].filter((k) =>
  k.startsWith(`${config.refund.storage.bucket}/refunds/`),
).length;
// What the vendors received and answered, from the vendor ledger.
const cancels = (await vendors.ledger.calls({ vendor: portone.name, operationId: 'cancelPayment' })).filter(
  (call) => call.status !== 'no-response',
).length;
const storeCalls = await vendors.ledger.calls({ vendor: objectStorage.name, operationId: 'PutObject' });
const answered = storeCalls.filter((put) => put.status !== 'no-response');
const stores = {
  attempts: answered.length,
  ok: answered.filter((put) => put.status === 200).length,
  failed: answered.filter((put) => put.status !== 200).length,
};
const status = (code: number) => answers.filter((a) => a.statusCode === code).length;
const others = answers.length - status(201) - status(200);
const photosSent = orders * PHOTOS;

console.log(`database             ${db.kind}`);
console.log(
  `requests             ${answers.length.toLocaleString('en-US')} (${orders} orders × ${duplicates} identical, ${PHOTOS} photos each), object storage down`,
);
console.log(`answers              201 created ${status(201)}, 200 existing ${status(200)}, other ${others}`);
console.log(
  `refunds created      ${counts?.refunds} (policy: ${orders}), completed at the gateway ${counts?.completed}, gateway cancels ${cancels}`,
);
console.log(
  `photos uploaded      ${counts?.uploaded} of ${photosSent} sent (rows ${counts?.images}, objects in storage ${objects})`,
);
console.log(
  `store attempts       ${stores.attempts} (ok ${stores.ok}, failed ${stores.failed}), duplicates ${stores.ok - objects}, worker passes ${passes}`,
);
console.log(
  `wall time            requests ${requestMs.toFixed(0)} ms (${(requestMs / answers.length).toFixed(2)} ms each), uploads ${drainMs.toFixed(0)} ms`,
);

await app.close();
vendors.server.close();
if (schema) await db.exec(`DROP SCHEMA ${schema} CASCADE`);
await db.close();
const held =
  counts?.refunds === orders &&
  counts.uploaded === photosSent &&
  objects === photosSent &&
  others === 0 &&
  cancels === orders;
process.exitCode = held ? 0 : 1;
