import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { defineParameterType, Given, Then, When, type DataTable } from '@cucumber/cucumber';
import type { RefundStatus, RefundView } from '../src/refund/refund.types.ts';
import { photo, photos, type RefundSpec, type Upload } from './support/drivers/refund-api.ts';
import { parseAmount } from './support/parameter-types.ts';
import type { PolicyWorld } from './support/world.ts';

/** A refund's status as people say it: `waiting for the payment company` is `cancel_pending`. */
defineParameterType({
  name: 'refundStatus',
  regexp: /waiting for the payment company|completed|waiting for a person/,
  transformer: (text: string): RefundStatus =>
    text === 'completed' ? 'completed' : text === 'waiting for a person' ? 'needs_review' : 'cancel_pending',
});

const MB = 1024 * 1024;
const REASON = 'The milk arrived spoiled';
const one = (quantity: number, name: string, images: Upload[] = []): RefundSpec => ({
  reason: REASON,
  products: [{ name, quantity }],
  images,
});
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Refund requests that must be refused, as the policies name them. */
const BAD_REQUESTS: Record<string, (world: PolicyWorld) => RefundSpec> = {
  'a text file renamed photo.jpg': () =>
    one(1, 'Milk 1L', [{ filename: 'photo.jpg', bytes: Buffer.from('this is not a photo, just text\n'.repeat(20)) }]),
  '6 photos': () => one(1, 'Milk 1L', photos(6)),
  'a photo of 11 MB': () => one(1, 'Milk 1L', [photo(1), photo(2, 11 * MB)]),
  'no products': () => ({ reason: REASON, products: [], images: [photo(1)] }),
  'a quantity of 0': () => one(0, 'Milk 1L', [photo(1)]),
  'a quantity of -1': () => one(-1, 'Milk 1L', [photo(1)]),
  'no reason': () => ({ ...one(1, 'Milk 1L'), reason: ' ' }),
};

// Arrange

Given("{word}'s order was delivered {duration} ago", async function (this: PolicyWorld, customer: string, ago: number) {
  assert.ok(await this.refunds.markDelivered(customer), `${customer}'s order could not be marked delivered`);
  this.clock.advance(ago);
});

Given("{word}'s order was delivered just now", async function (this: PolicyWorld, customer: string) {
  assert.ok(await this.refunds.markDelivered(customer), `${customer}'s order could not be marked delivered`);
});

Given(
  "{word} has requested a refund of {int} {string} from {word}'s order with {int} photo(s)",
  async function (
    this: PolicyWorld,
    manager: string,
    quantity: number,
    product: string,
    customer: string,
    count: number,
  ) {
    const response = await this.refunds.request(manager, customer, one(quantity, product, photos(count)));
    assert.equal(response.status, 201, `the refund was not accepted: ${JSON.stringify(response.body)}`);
  },
);

Given('object storage is down', function (this: PolicyWorld) {
  this.storage.down();
});

Given('object storage is back', function (this: PolicyWorld) {
  this.storage.back();
});

Given('object storage takes longer to store a photo than any request may take', function (this: PolicyWorld) {
  this.storage.slow();
});

Given('the platform restarts', async function (this: PolicyWorld) {
  await this.start();
});

Given(
  "the platform stopped before it marked the refund of {word}'s order completed",
  async function (this: PolicyWorld, customer: string) {
    await this.refunds.forgetCompletion(customer);
    await this.start();
  },
);

Given('the refund worker has run', async function (this: PolicyWorld) {
  await this.refunds.runOutbox();
});

// Act

When(
  "{word} requests a refund of {int} {string} from {word}'s order with {int} photo(s)",
  async function (
    this: PolicyWorld,
    manager: string,
    quantity: number,
    product: string,
    customer: string,
    count: number,
  ) {
    await this.refunds.request(manager, customer, one(quantity, product, photos(count)));
  },
);

When(
  "{word} requests a refund of {int} {string} from {word}'s order",
  async function (this: PolicyWorld, manager: string, quantity: number, product: string, customer: string) {
    await this.refunds.request(manager, customer, one(quantity, product));
  },
);

When(
  "{word} requests a refund from {word}'s order of:",
  async function (this: PolicyWorld, manager: string, customer: string, table: DataTable) {
    const products = table.hashes().map((row) => ({ name: row.product!, quantity: Number(row.quantity) }));
    await this.refunds.request(manager, customer, { reason: REASON, products, images: [] });
  },
);

When(
  "{word} requests a refund of {int} {string} of {string} from {word}'s order",
  async function (
    this: PolicyWorld,
    manager: string,
    quantity: number,
    product: string,
    mart: string,
    customer: string,
  ) {
    const productId = this.catalog.product(mart, product).id;
    await this.refunds.request(manager, customer, {
      reason: REASON,
      products: [{ name: product, quantity, productId }],
      images: [],
    });
  },
);

When(
  "{word} requests a refund of {word}'s order with {}",
  async function (this: PolicyWorld, manager: string, customer: string, problem: string) {
    const bad = BAD_REQUESTS[problem];
    if (!bad) throw new Error(`no bad refund request named "${problem}"`);
    await this.refunds.request(manager, customer, bad(this));
  },
);

When(
  "{word} requests a refund of {int} {string} from {word}'s order with the same idempotency key",
  async function (this: PolicyWorld, manager: string, quantity: number, product: string, customer: string) {
    await this.refunds.reusingKey(manager, customer, one(quantity, product));
  },
);

When('the same refund request arrives again', async function (this: PolicyWorld) {
  await this.refunds.repeat();
});

When(
  'the same refund request arrives again, having looked for a refund just before the first one was saved',
  async function (this: PolicyWorld) {
    await this.refunds.repeatRacing();
  },
);

When(
  "{int} identical requests from {word} for a refund of {int} {string} from {word}'s order with {int} photos arrive at once",
  { timeout: 120_000 },
  async function (
    this: PolicyWorld,
    count: number,
    manager: string,
    quantity: number,
    product: string,
    customer: string,
    images: number,
  ) {
    await this.refunds.burst(manager, customer, one(quantity, product, photos(images)), count);
  },
);

When('the refund worker runs', async function (this: PolicyWorld) {
  await this.refunds.runOutbox();
});

// Assert

Then('the refund is accepted', function (this: PolicyWorld) {
  assert.equal(
    this.lastResponse?.status,
    201,
    `expected 201, got ${this.lastResponse?.status}: ${JSON.stringify(this.lastResponse?.body)}`,
  );
});

Then('the answer is the refund already made', async function (this: PolicyWorld) {
  assert.equal(
    this.lastResponse?.status,
    200,
    `expected 200, got ${this.lastResponse?.status}: ${JSON.stringify(this.lastResponse?.body)}`,
  );
  assert.equal(
    (this.lastResponse.body as RefundView).id,
    (await this.refunds.refundOf(this.refunds.lastCustomer())).id,
  );
});

Then(
  'each of the {int} answers gave the same refund, and only the first created it',
  function (this: PolicyWorld, count: number) {
    const answers = this.refunds.burstAnswers;
    assert.equal(answers.length, count, 'one answer per request sent');
    const refused = answers.filter((a) => a.status !== 200 && a.status !== 201);
    assert.deepEqual(
      refused.map((a) => a.body),
      [],
      'every identical request must be answered with the refund',
    );
    assert.equal(answers.filter((a) => a.status === 201).length, 1, 'exactly one answer says it created the refund');
    assert.equal(new Set(answers.map((a) => a.body.id)).size, 1, 'every answer names the same refund');
  },
);

Then(
  "{word}'s order has exactly one refund, for {int} product line(s) and {int} photo(s)",
  async function (this: PolicyWorld, customer: string, lines: number, images: number) {
    assert.deepEqual(await this.refunds.held(customer), { refunds: 1, products: lines, images });
  },
);

Then('nothing about a refund was saved', async function (this: PolicyWorld) {
  assert.deepEqual(
    await this.refunds.held(),
    { refunds: 0, products: 0, images: 0 },
    'no refund, refunded product or staged photo may remain',
  );
});

Then(
  "the refund of {word}'s order is {refundStatus}",
  async function (this: PolicyWorld, customer: string, status: RefundStatus) {
    assert.equal((await this.refunds.refundOf(customer)).status, status);
  },
);

Then(
  "the refund of {word}'s order comes to {amount} won",
  async function (this: PolicyWorld, customer: string, amount: number) {
    assert.equal((await this.refunds.refundOf(customer)).amountKrw, amount);
  },
);

Then("the refund of {word}'s order holds:", async function (this: PolicyWorld, customer: string, table: DataTable) {
  const refund = await this.refunds.refundOf(customer);
  const order = await this.payments.orderAtMart(customer);
  const name = (id: string) => order.lines.find((l) => l.productId === id)?.name;
  const actual = refund.products.map((p) => ({
    product: name(p.productId),
    quantity: String(p.quantity),
    'unit price': p.unitPriceKrw,
    amount: p.amountKrw,
  }));
  const expected = table.hashes().map((r) => ({
    product: r.product,
    quantity: r.quantity,
    'unit price': parseAmount(r['unit price']!),
    amount: parseAmount(r.amount!),
  }));
  assert.deepEqual(
    actual.sort((a, b) => String(a.product).localeCompare(String(b.product))),
    expected,
  );
});

Then("{word}'s mart is told {string}", async function (this: PolicyWorld, customer: string, message: string) {
  assert.equal((await this.refunds.refundOf(customer)).message, message);
});

Then(
  "the {int} photo(s) of {word}'s refund are kept safe, waiting to be uploaded",
  async function (this: PolicyWorld, count: number, customer: string) {
    const rows = await this.refunds.outboxPhotos(customer);
    assert.equal(rows.length, count);
    for (const row of rows)
      assert.ok(
        row.status === 'pending' && row.staged,
        `photo ${row.seq} must be staged and pending, is ${row.status}`,
      );
  },
);

Then(
  "object storage holds the {int} photo(s) of {word}'s refund, each stored exactly once",
  async function (this: PolicyWorld, count: number, customer: string) {
    const refund = await this.refunds.refundOf(customer);
    const objects = this.storage.objectsUnder(`refunds/${refund.orderId}/`);
    assert.equal(objects.size, count, `object storage holds ${[...objects.keys()].join(', ') || 'nothing'}`);
    const sent = this.refunds
      .sentPhotos()
      .map((p) => sha(p.bytes))
      .sort();
    assert.deepEqual([...objects.values()].map(sha).sort(), sent, 'the stored photos are exactly the photos sent');
    for (const image of refund.images) {
      assert.equal(image.status, 'uploaded');
      const times = await this.storage.timesStored(image.key);
      assert.equal(times, 1, `${image.key} was stored ${times} times`);
    }
  },
);

Then("the photos of {word}'s refund are no longer staged", async function (this: PolicyWorld, customer: string) {
  for (const row of await this.refunds.outboxPhotos(customer)) {
    assert.ok(
      row.status === 'uploaded' && !row.staged && row.key.startsWith('refunds/'),
      `photo ${row.seq}: ${JSON.stringify(row)}`,
    );
  }
});

Then('object storage holds no photos', function (this: PolicyWorld) {
  assert.equal(this.storage.objectsUnder('refunds/').size, 0);
});

Then(
  "{word}'s order has one cancel of {amount} won, believing {amount} won remained, for its refund",
  async function (this: PolicyWorld, customer: string, amount: number, remaining: number) {
    const refund = await this.refunds.refundOf(customer);
    const history = (await this.payments.orderAtMart(customer)).cancellations ?? [];
    assert.deepEqual(
      history.map((c) => ({ amount: c.amountKrw, remaining: c.checksumKrw, reason: c.reason })),
      [{ amount, remaining, reason: `Refund ${refund.id}: ${refund.reason}` }],
    );
  },
);
