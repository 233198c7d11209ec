import assert from 'node:assert/strict';
import { defineParameterType, Given, Then, When, type DataTable } from '@cucumber/cucumber';
import type { OrderView } from '../src/payment/order.view.ts';
import type { ImpUid } from '../src/payment/payment.types.ts';
import { MINUTE, SECOND } from '../src/platform/clock.ts';
import { expectOk, type ApiError, type ApiResponse } from './support/drivers/http.ts';
import { PaymentRecords } from './support/drivers/payment-records.ts';
import type { GatewayCall, GatewayRequest } from './support/drivers/payment-gateway.ts';
import { parseAmount } from './support/parameter-types.ts';
import type { PolicyWorld } from './support/world.ts';

/** An order's payment status as people say it: `verification pending` is `verification_pending`. */
defineParameterType({
  name: 'paymentStatus',
  regexp: /awaiting payment|paid|payment failed|verification pending|partially cancelled|cancelled/,
  transformer: (text: string) => text.replaceAll(' ', '_'),
});

/** What the platform asks the payment company, as the policies say it. */
defineParameterType({
  name: 'gatewayRequest',
  regexp: /for an access token|to expect a payment|for the amount it expects|for a payment|to cancel a payment/,
  transformer: (text: string) => text as GatewayRequest,
});

const BAD_PAYMENT_IDS: Record<string, Record<string, unknown>> = {
  'no payment id': {},
  'an empty id': { impUid: '' },
  'an id of 33 characters': { impUid: 'imp_'.padEnd(33, '9') },
};

const timesAsked = (calls: GatewayCall[], request: GatewayRequest) => calls.filter((c) => c.request === request).length;

// Arrange: orders, what customers did in the payment window, and how the payment company behaves.

Given('{word} has placed an order at {string}', async function (this: PolicyWorld, customer: string, mart: string) {
  expectOk(await this.payments.checkout(customer, mart), `${customer} checking out at ${mart}`);
});

function payInWindow(this: PolicyWorld, customer: string) {
  this.gateway.pay(customer);
}
Given('{word} has paid for the order in the payment window', payInWindow);
Given('{word} has paid for the order in the payment window a second time', payInWindow);

Given('{word} has opened the payment window but not paid yet', function (this: PolicyWorld, customer: string) {
  this.gateway.pay(customer, { status: 'ready', paid_at: 0 });
});

Given(
  '{word} has paid only {amount} won for the order in a tampered payment window',
  function (this: PolicyWorld, customer: string, amount: number) {
    this.gateway.pay(customer, { amount });
  },
);

Given("{word}'s app has reported the payment", async function (this: PolicyWorld, customer: string) {
  const response = await this.payments.reportPayment(customer, this.gateway.paymentOf(customer));
  assert.ok(
    response.status < 300,
    `reporting ${customer}'s payment failed with ${response.status}: ${JSON.stringify(response.body)}`,
  );
});

Given(
  "{amount} won of {word}'s payment was cancelled directly at the payment company",
  function (this: PolicyWorld, amount: number, customer: string) {
    this.gateway.cancelDirectly(customer, amount);
  },
);

Given('the platform has just restarted and holds no token', async function (this: PolicyWorld) {
  await this.start();
  this.gateway.mark();
});

Given('{int} minutes and {int} seconds pass', function (this: PolicyWorld, minutes: number, seconds: number) {
  this.clock.advance(minutes * MINUTE + seconds * SECOND);
});

Given('the payment company is down', function (this: PolicyWorld) {
  this.gateway.down();
});

Given('the connection to the payment company fails', function (this: PolicyWorld) {
  this.gateway.connectionFails();
});

Given('the payment company stops answering in time', function (this: PolicyWorld) {
  this.gateway.stopsAnsweringInTime();
});

Given('the payment company carries out the next cancel but its answer is lost', function (this: PolicyWorld) {
  this.gateway.losesNextAnswer('cancel');
});

Given('the payment company registers the next amount to expect but its answer is lost', function (this: PolicyWorld) {
  this.gateway.losesNextAnswer('prepare');
});

Given('the payment company fails the next {int} calls with server errors', function (this: PolicyWorld, count: number) {
  this.gateway.failNextCalls(count);
});

Given("the payment company will refuse the platform's token once", function (this: PolicyWorld) {
  this.gateway.refuseTokenOnce();
});

Given('the payment company refuses every token', function (this: PolicyWorld) {
  this.gateway.refuseEveryToken();
});

Given('the payment company is back', function (this: PolicyWorld) {
  this.gateway.back();
});

// Act: customers' apps, the payment company's notifications, the mart, the reconciliation job.

When('{word} checks out the cart at {string}', async function (this: PolicyWorld, customer: string, mart: string) {
  await this.payments.checkout(customer, mart);
});

When("{word}'s app reports the payment", async function (this: PolicyWorld, customer: string) {
  await this.payments.reportPayment(customer, this.gateway.paymentOf(customer));
});

When(
  "{word}'s app reports {word}'s payment for {word}'s order",
  async function (this: PolicyWorld, reporter: string, payer: string, owner: string) {
    await this.payments.reportPayment(reporter, this.gateway.paymentOf(payer), this.payments.orderId(owner));
  },
);

When(
  "{word}'s app reports the payment for an order that does not exist",
  async function (this: PolicyWorld, customer: string) {
    await this.payments.reportPayment(
      customer,
      this.gateway.paymentOf(customer),
      'ord_00000000000000000000000000000000',
    );
  },
);

When(
  "{word}'s app reports a payment the payment company does not know",
  async function (this: PolicyWorld, customer: string) {
    await this.payments.reportPayment(customer, 'imp_999999999999' as ImpUid);
  },
);

When("{word}'s app reports a payment with {}", async function (this: PolicyWorld, customer: string, problem: string) {
  await this.payments.report(customer, BAD_PAYMENT_IDS[problem] ?? assert.fail(`unknown problem "${problem}"`));
});

When(
  "{amount} reports of {word}'s payment arrive at once",
  { timeout: 120_000 },
  async function (this: PolicyWorld, count: number, customer: string) {
    await this.payments.reportBurst(customer, this.gateway.paymentOf(customer), count);
  },
);

When(
  "the payment company notifies the platform about {word}'s payment",
  async function (this: PolicyWorld, customer: string) {
    await this.payments.notify({
      imp_uid: this.gateway.paymentOf(customer),
      merchant_uid: this.payments.orderId(customer),
      status: 'paid',
    });
  },
);

When(
  "someone forges a notification that {word}'s order was paid in full",
  async function (this: PolicyWorld, customer: string) {
    const order = await this.payments.order(customer);
    await this.payments.notify({
      imp_uid: 'imp_forged000001',
      merchant_uid: order.id,
      status: 'paid',
      amount: order.totalKrw,
    });
  },
);

async function cancelPart(this: PolicyWorld, manager: string, amount: number, customer: string, reason: string) {
  await this.payments.cancel(manager, customer, amount, reason);
}
When("{word} cancels {amount} won of {word}'s order because {string}", cancelPart);
Given(
  "{word} has cancelled {amount} won of {word}'s order because {string}",
  async function (this: PolicyWorld, manager: string, amount: number, customer: string, reason: string) {
    await cancelPart.call(this, manager, amount, customer, reason);
    expectOk(this.lastResponse!, 'cancelling part of the order');
  },
);

async function cancelRest(this: PolicyWorld, manager: string, customer: string, reason: string) {
  await this.payments.cancel(manager, customer, undefined, reason);
}
When("{word} cancels the rest of {word}'s order because {string}", cancelRest);
Given(
  "{word} has cancelled the rest of {word}'s order because {string}",
  async function (this: PolicyWorld, manager: string, customer: string, reason: string) {
    await cancelRest.call(this, manager, customer, reason);
    expectOk(this.lastResponse!, 'cancelling the rest of the order');
  },
);

async function cancelWithoutKey(this: PolicyWorld, manager: string, amount: number, customer: string, reason: string) {
  await this.payments.cancelWithoutKey(manager, customer, amount, reason);
}
When("{word} cancels {amount} won of {word}'s order because {string}, without a key", cancelWithoutKey);
Given(
  "{word} has cancelled {amount} won of {word}'s order because {string}, without a key",
  async function (this: PolicyWorld, manager: string, amount: number, customer: string, reason: string) {
    await cancelWithoutKey.call(this, manager, amount, customer, reason);
    expectOk(this.lastResponse!, 'cancelling part of the order without a key');
  },
);

Given("{word} has tried to cancel {amount} won of {word}'s order because {string}", cancelPart);

When(
  "{word} cancels {amount} won of {word}'s order with a reason holding a NUL character",
  async function (this: PolicyWorld, manager: string, amount: number, customer: string) {
    await this.payments.cancel(manager, customer, amount, 'Milk 1L\u0000 was out of stock');
  },
);

When(
  "{word}'s app sends {int} identical cancels of {amount} won of {word}'s order because {string} at once, without a key",
  async function (this: PolicyWorld, manager: string, count: number, amount: number, customer: string, reason: string) {
    await this.payments.cancelBurstWithoutKey(manager, customer, amount, reason, count);
  },
);

Given("the platform's records fail right after the payment company makes a cancel", async function (this: PolicyWorld) {
  await new PaymentRecords(this).refuseToRecordMadeCancels();
});

Given("the platform's records work again", async function (this: PolicyWorld) {
  await new PaymentRecords(this).heal();
});

Given('the platform stopped before it handed the unrecorded cancel over', async function (this: PolicyWorld) {
  await new PaymentRecords(this).leaveCancelsClaimed();
});

When('the same cancel request arrives again', async function (this: PolicyWorld) {
  await this.payments.repeatCancel();
});

When(
  "{word} cancels {amount} won of {word}'s order because {string} with the same idempotency key",
  async function (this: PolicyWorld, manager: string, amount: number, customer: string, reason: string) {
    await this.payments.cancelReusingKey(manager, customer, amount, reason);
  },
);

When(
  "{word} asks to cancel {int} won of {word}'s order",
  async function (this: PolicyWorld, manager: string, amount: number, customer: string) {
    await this.payments.cancel(manager, customer, amount, 'a test');
  },
);

When('the reconciliation job runs', async function (this: PolicyWorld) {
  await this.payments.reconcile();
});

// Assert: what customers are told, what the platform kept, and exactly what the payment company was asked.

Then('the answer is {int}', function (this: PolicyWorld, status: number) {
  assert.equal(this.lastResponse?.status, status, `answer: ${JSON.stringify(this.lastResponse?.body)}`);
});

Then("{word}'s order is {paymentStatus}", async function (this: PolicyWorld, customer: string, status: string) {
  assert.equal((await this.payments.order(customer)).status, status);
});

Then('every order is {paymentStatus}', async function (this: PolicyWorld, status: string) {
  const customers = this.payments.customers();
  assert.ok(customers.length > 0, 'no order was placed, so this proves nothing');
  for (const customer of customers)
    assert.equal((await this.payments.order(customer)).status, status, `${customer}'s order`);
});

Then('{word} is told {string}', async function (this: PolicyWorld, customer: string, message: string) {
  assert.equal((await this.payments.order(customer)).message, message);
});

Then("{word}'s order holds:", async function (this: PolicyWorld, customer: string, table: DataTable) {
  const lines = (await this.payments.order(customer)).lines.map((l) => ({
    product: l.name,
    quantity: String(l.quantity),
    'unit price': l.unitPriceKrw.toLocaleString('en-US'),
    'line total': l.lineTotalKrw.toLocaleString('en-US'),
  }));
  assert.deepEqual(lines, table.hashes());
});

Then(
  "the total of {word}'s order is {amount} won",
  async function (this: PolicyWorld, customer: string, total: number) {
    assert.equal((await this.payments.order(customer)).totalKrw, total);
  },
);

Then('no order was saved', async function (this: PolicyWorld) {
  assert.equal(await this.payments.savedOrders(), 0);
});

Then('each of the {amount} reports was answered with the order paid', function (this: PolicyWorld, count: number) {
  assert.equal(this.payments.burstAnswers.length, count, 'one answer per report sent');
  const unexpected = this.payments.burstAnswers.filter(
    (a: ApiResponse<OrderView>) => a.status !== 200 || a.body.status !== 'paid',
  );
  assert.equal(
    unexpected.length,
    0,
    `${unexpected.length} answers were not "paid", e.g. ${JSON.stringify(unexpected[0]?.body)}`,
  );
});

Then('the payment company was asked:', async function (this: PolicyWorld, table: DataTable) {
  const calls = await this.gateway.calls();
  const expected = table.hashes().map((row) => ({ request: row.request, times: Number(row.times) }));
  const seen = [...new Set(calls.map((c) => c.request))].map((request) => ({
    request,
    times: timesAsked(calls, request),
  }));
  const order = (rows: { request?: string }[]) =>
    [...rows].sort((a, b) => (a.request ?? '').localeCompare(b.request ?? ''));
  assert.deepEqual(order(seen), order(expected));
});

Then(
  'the payment company was asked {gatewayRequest} {int} time(s)',
  async function (this: PolicyWorld, request: GatewayRequest, times: number) {
    assert.equal(timesAsked(await this.gateway.calls(), request), times);
  },
);

Then(
  'since the restart the payment company was asked {gatewayRequest} {int} time(s)',
  async function (this: PolicyWorld, request: GatewayRequest, times: number) {
    assert.equal(timesAsked(await this.gateway.callsSinceMark(), request), times);
  },
);

Then(
  "the payment company was told to expect {amount} won for {word}'s order",
  async function (this: PolicyWorld, amount: number, customer: string) {
    assert.deepEqual(await this.gateway.bodies('to expect a payment'), [
      { merchant_uid: this.payments.orderId(customer), amount },
    ]);
  },
);

Then(
  "the payment company was asked to cancel {amount} won of {word}'s payment, believing {amount} won remained",
  async function (this: PolicyWorld, amount: number, customer: string, remaining: number) {
    const { reason, ...cancel } = (await this.gateway.bodies('to cancel a payment')).at(-1) ?? {};
    assert.deepEqual(cancel, { imp_uid: this.gateway.paymentOf(customer), amount, checksum: remaining });
    assert.ok(typeof reason === 'string' && reason.length > 0, 'a cancel always gives its reason');
  },
);

Then("{word}'s payment is cancelled in full at the payment company", function (this: PolicyWorld, customer: string) {
  const payment = this.gateway.stateOf(customer);
  assert.equal(payment.status, 'cancelled');
  assert.equal(payment.cancel_amount, payment.amount);
});

Then("nothing remains of {word}'s payment at the payment company", function (this: PolicyWorld, customer: string) {
  const payment = this.gateway.stateOf(customer);
  assert.equal(payment.amount - payment.cancel_amount, 0);
});

Then(
  "{amount} won remains of {word}'s payment at the payment company, after {int} cancel(s)",
  function (this: PolicyWorld, remaining: number, customer: string, cancels: number) {
    const payment = this.gateway.stateOf(customer);
    assert.equal(payment.amount - payment.cancel_amount, remaining);
    assert.equal(payment.cancel_history?.length ?? 0, cancels);
  },
);

async function expectQueued(this: PolicyWorld, customer: string, attempts: number) {
  const queued = (await this.payments.queued()).find((q) => q.orderId === this.payments.orderId(customer));
  assert.ok(queued, `${customer}'s order is not in the reconciliation queue`);
  assert.deepEqual(
    { impUid: queued.impUid, attempts: queued.attempts },
    { impUid: this.gateway.paymentOf(customer), attempts },
  );
}
Then("{word}'s order is queued for reconciliation", async function (this: PolicyWorld, customer: string) {
  await expectQueued.call(this, customer, 1);
});
Then("{word}'s order is queued for reconciliation after {int} attempts", expectQueued);

Then("{word}'s order is no longer queued for reconciliation", async function (this: PolicyWorld, customer: string) {
  const orderId = this.payments.orderId(customer);
  assert.deepEqual(
    (await this.payments.queued()).filter((q) => q.orderId === orderId),
    [],
  );
});

Then("{word}'s order has this cancel history:", async function (this: PolicyWorld, customer: string, table: DataTable) {
  const history = (await this.payments.orderAtMart(customer)).cancellations ?? [];
  const seen = history.map((c) => ({ amount: c.amountKrw, 'believed remaining': c.checksumKrw, reason: c.reason }));
  const expected = table.hashes().map((r) => ({
    amount: parseAmount(r.amount!),
    'believed remaining': parseAmount(r['believed remaining']!),
    reason: r.reason,
  }));
  assert.deepEqual(seen, expected);
});

Then('the answer says {string}', function (this: PolicyWorld, message: string) {
  assert.equal((this.lastResponse?.body as OrderView | undefined)?.message, message);
});

Then(
  "the refusal explains itself in the platform's words, while the service log keeps what the payment company said",
  async function (this: PolicyWorld) {
    const said = (await this.gateway.answers('to cancel a payment'))
      .map((a) => a.message)
      .filter((m): m is string => Boolean(m));
    assert.ok(said.length > 0, 'the payment company gave no reason, so this proves nothing');
    const message = (this.lastResponse?.body as ApiError | undefined)?.error?.message ?? '';
    assert.ok(message.length >= 15, `a refusal needs a message a person can act on, got "${message}"`);
    for (const words of said) {
      assert.ok(!message.includes(words), `the refusal passes on the payment company's words: "${words}"`);
      assert.ok(
        this.logs.text().includes(words),
        `the service log does not keep what the payment company said: "${words}"`,
      );
    }
  },
);

Then(
  'each of the {int} answers gave that cancel or said it was being made',
  function (this: PolicyWorld, count: number) {
    const answers = this.payments.cancelAnswers;
    assert.equal(answers.length, count, 'one answer per cancel sent');
    const code = (a: (typeof answers)[number]) => ('error' in a.body ? a.body.error.code : a.status);
    const unexpected = answers.filter(
      (a) =>
        !(a.status === 200 && 'cancelledKrw' in a.body && a.body.cancelledKrw > 0) && code(a) !== 'CANCEL_IN_PROGRESS',
    );
    assert.deepEqual(unexpected, [], 'each answer is the cancel made, or 409 CANCEL_IN_PROGRESS');
    assert.ok(
      answers.some((a) => a.status === 200),
      'at least one answer gives the cancel',
    );
  },
);

Then("no cancel of {word}'s order is under way", async function (this: PolicyWorld, customer: string) {
  assert.equal(await new PaymentRecords(this).pendingOf(this.payments.orderId(customer)), 0);
});

Then(
  "the cancel under way for {word}'s order is {amount} won because {string}",
  async function (this: PolicyWorld, customer: string, amount: number, reason: string) {
    const underWay = await new PaymentRecords(this).underWay(this.payments.orderId(customer));
    assert.deepEqual(
      underWay.map((c) => ({ amount: c.amountKrw, reason: c.reason })),
      [{ amount, reason }],
    );
  },
);

Then("{word}'s order has no cancel history", async function (this: PolicyWorld, customer: string) {
  assert.deepEqual((await this.payments.orderAtMart(customer)).cancellations, []);
});

Then("every token request carried the platform's API key and secret", async function (this: PolicyWorld) {
  const { apiKey, apiSecret } = this.config.paymentGateway;
  const bodies = await this.gateway.bodies('for an access token');
  assert.ok(bodies.length > 0, 'no token was requested');
  for (const body of bodies) assert.deepEqual(body, { imp_key: apiKey, imp_secret: apiSecret });
});

Then(
  'the service log shows neither the API key, the API secret nor the access token',
  async function (this: PolicyWorld) {
    const { apiKey, apiSecret } = this.config.paymentGateway;
    const log = this.logs.text();
    assert.ok(log.length > 0, 'nothing was logged, so the log proves nothing');
    for (const secret of [apiKey, apiSecret, 'fake-portone-token-'])
      assert.ok(!log.includes(secret), `the log shows ${secret.slice(0, 12)}…`);
  },
);
