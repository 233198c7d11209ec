import assert from 'node:assert/strict';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import type { CartView } from '../src/cart/cart.service.ts';
import { DAY, HOUR, MINUTE } from '../src/platform/clock.ts';
import { cartStorm, type StormGroup } from './support/drivers/cart-storm.ts';
import { expectOk, type ApiError, type ApiResponse } from './support/drivers/http.ts';
import { nameRange } from './support/parameter-types.ts';
import type { PolicyWorld } from './support/world.ts';

// Arrange: carts as they are before the policy is exercised.

Given(
  '{word} has put {int} {string} in the cart at {string}',
  async function (this: PolicyWorld, customer: string, quantity: number, product: string, mart: string) {
    expectOk(await this.carts.put(customer, mart, product, quantity), `putting ${product} in ${customer}'s cart`);
  },
);

Given(
  '{word} has put {string} in the cart at {string}',
  async function (this: PolicyWorld, customer: string, product: string, mart: string) {
    expectOk(await this.carts.put(customer, mart, product, 1), `putting ${product} in ${customer}'s cart`);
  },
);

Given('{word} has a cart at {string}', async function (this: PolicyWorld, customer: string, mart: string) {
  expectOk(await this.carts.addAnything(customer, mart), `putting something in ${customer}'s cart`);
});

Given(
  '{word} has put one each of {int} of them in the cart at {string}',
  // One request per product: fifty of them outlast the default 5 s on a loaded machine.
  { timeout: 60_000 },
  async function (this: PolicyWorld, customer: string, count: number, mart: string) {
    for (let i = 1; i <= count; i++)
      expectOk(await this.carts.put(customer, mart, `Product ${i}`, 1), `adding Product ${i}`);
  },
);

Given(
  '{word} has put one each of {string} to {string} in the cart at {string}',
  async function (this: PolicyWorld, customer: string, from: string, to: string, mart: string) {
    for (const product of nameRange(`${from} to ${to}`))
      expectOk(await this.carts.put(customer, mart, product, 1), `adding ${product}`);
  },
);

Given('{word} has looked at the cart at {string}', async function (this: PolicyWorld, customer: string, mart: string) {
  await this.carts.cart(customer, mart);
});

Given(
  'the platform allows at most {int} of one product per cart line',
  async function (this: PolicyWorld, max: number) {
    await this.reconfigure((c) => ({ ...c, cart: { ...c.cart, maxQuantity: max } }));
  },
);

Given(
  'the platform allows at most {int} different product(s) per cart',
  async function (this: PolicyWorld, max: number) {
    await this.reconfigure((c) => ({ ...c, cart: { ...c.cart, maxLines: max } }));
  },
);

Given('carts expire after {int} days without change', async function (this: PolicyWorld, days: number) {
  await this.reconfigure((c) => ({ ...c, cart: { ...c.cart, ttlMs: days * DAY } }));
});

Given(
  "{word}'s app signed in more than an hour ago and has not signed in since",
  function (this: PolicyWorld, customer: string) {
    this.carts.holdTokenOf(customer);
    this.clock.advance(HOUR + MINUTE);
  },
);

// Act: what customers (and impostors) do.

When(
  '{word} adds {int} {string} to the cart at {string}',
  async function (this: PolicyWorld, customer: string, quantity: number, product: string, mart: string) {
    await this.carts.add(customer, mart, product, quantity);
  },
);

When(
  '{word} adds (one more ){string} to the cart at {string}',
  async function (this: PolicyWorld, customer: string, product: string, mart: string) {
    await this.carts.add(customer, mart, product, 1);
  },
);

When('the time it shows passes', function (this: PolicyWorld) {
  this.clock.advance(this.carts.shownExpiryMs());
});

When(
  '{word} adds {int} of the {ordinal} product to the cart at {string}',
  async function (this: PolicyWorld, customer: string, quantity: number, position: number, mart: string) {
    await this.carts.add(customer, mart, `Product ${position}`, quantity);
  },
);

When(
  '{word} changes the quantity of {string} at {string} to {int}',
  async function (this: PolicyWorld, customer: string, product: string, mart: string, quantity: number) {
    await this.carts.setQuantity(customer, mart, product, quantity);
  },
);

When(
  '{word} removes {string} from the cart at {string}',
  async function (this: PolicyWorld, customer: string, product: string, mart: string) {
    await this.carts.remove(customer, mart, product);
  },
);

When('{word} empties the cart at {string}', async function (this: PolicyWorld, customer: string, mart: string) {
  expectOk(await this.carts.clear(customer, mart), `emptying ${customer}'s cart`);
});

When('{word} looks at the cart at {string}', async function (this: PolicyWorld, customer: string, mart: string) {
  this.lastResponse = await this.carts.view(customer, mart);
});

When(
  '{word} sends a cart request with {} to {string}',
  async function (this: PolicyWorld, customer: string, problem: string, mart: string) {
    await this.carts.sendBadAdd(customer, mart, problem);
  },
);

When(
  '{word} adds {string} to a cart at a mart that does not exist',
  async function (this: PolicyWorld, customer: string, product: string) {
    await this.carts.addToUnknownMart(customer, product);
  },
);

When(
  '{word} tries to look at a cart at a mart that does not exist',
  async function (this: PolicyWorld, customer: string) {
    await this.carts.viewAtUnknownMart(customer);
  },
);

When(
  'someone adds {string} to the cart at {string} with a token forged for {word}',
  async function (this: PolicyWorld, product: string, mart: string, impersonated: string) {
    await this.carts.addWithToken(undefined, mart, product, this.actors.forgedToken(impersonated));
  },
);

When(
  'someone adds {string} to the cart at {string} without a token',
  async function (this: PolicyWorld, product: string, mart: string) {
    await this.carts.addWithToken(undefined, mart, product, undefined);
  },
);

When(
  "{word}'s app adds {string} to the cart at {string} with that old token",
  async function (this: PolicyWorld, customer: string, product: string, mart: string) {
    await this.carts.addWithToken(customer, mart, product, this.carts.heldTokenOf(customer));
  },
);

When(
  '{word} adds {string} to a cart at {string}',
  async function (this: PolicyWorld, manager: string, product: string, mart: string) {
    await this.carts.addWithToken(undefined, mart, product, this.actors.token(manager));
  },
);

When(
  "{word}'s app sends these {int} requests to the cart at {string} all at once, interleaved:",
  async function (this: PolicyWorld, customer: string, total: number, mart: string, table: DataTable) {
    const groups: StormGroup[] = table.hashes().map((row) => ({
      requests: Number(row.requests),
      action: row.action as StormGroup['action'],
      products: row.products ? nameRange(row.products) : [''],
      quantity: Number(row.quantity || 0),
    }));
    assert.equal(
      groups.reduce((sum, g) => sum + g.requests, 0),
      total,
      'the table does not add up to the stated total',
    );
    this.carts.before = { customer, mart, view: await this.carts.cart(customer, mart) };
    this.carts.stormAnswers = await cartStorm(this, customer, mart, groups);
  },
);

// Assert: what the customer sees and what the platform kept.

Then(
  "{word}'s cart at {string} holds:",
  async function (this: PolicyWorld, customer: string, mart: string, table: DataTable) {
    const cart = await this.carts.cart(customer, mart);
    const columns = table.raw()[0]!;
    const actual = cart.lines.map((line) =>
      Object.fromEntries(columns.map((column) => [column, lineColumn(line, column)])),
    );
    const expected = table.hashes().map((row) => Object.fromEntries(columns.map((column) => [column, row[column]!])));
    assert.deepEqual(sortByProduct(actual), sortByProduct(expected));
  },
);

Then('the change is accepted', function (this: PolicyWorld) {
  expectOk(this.lastResponse!, 'the change');
});

Then(
  "{word}'s cart at {string} has {int} lines",
  async function (this: PolicyWorld, customer: string, mart: string, count: number) {
    assert.equal((await this.carts.cart(customer, mart)).lines.length, count);
  },
);

Then(
  "the {ordinal} product's line holds {int}",
  async function (this: PolicyWorld, position: number, quantity: number) {
    const { customer, mart } = this.carts.before!;
    const line = (await this.carts.cart(customer, mart)).lines.find((l) => l.name === `Product ${position}`);
    assert.equal(line?.quantity, quantity);
  },
);

Then('{word} was shown an empty cart at {string}', async function (this: PolicyWorld, customer: string, mart: string) {
  const shown = expectOk<CartView>(this.lastResponse as ApiResponse<CartView>, `showing ${customer}'s cart`);
  assert.deepEqual(shown.lines, []);
  assert.deepEqual(
    shown,
    await this.carts.cart(customer, mart),
    `what ${customer} was shown is not ${customer}'s cart at ${mart}`,
  );
});

Then("{word}'s cart at {string} is unchanged", async function (this: PolicyWorld, customer: string, mart: string) {
  const before = this.carts.before;
  assert.deepEqual(
    [before?.customer, before?.mart],
    [customer, mart],
    `no change of ${customer}'s cart at ${mart} was attempted`,
  );
  assert.deepEqual(await this.carts.cart(customer, mart), before!.view);
});

Then("{word}'s cart at {string} is empty", async function (this: PolicyWorld, customer: string, mart: string) {
  const cart = await this.carts.cart(customer, mart);
  assert.deepEqual(cart.lines, []);
  assert.equal(cart.totalKrw, 0);
});

Then("{word}'s cart at {string} is not empty", async function (this: PolicyWorld, customer: string, mart: string) {
  assert.notEqual((await this.carts.cart(customer, mart)).lines.length, 0);
});

Then('{word} has no carts', async function (this: PolicyWorld, customer: string) {
  assert.deepEqual(await this.carts.list(customer), []);
});

Then(
  "the total of {word}'s cart at {string} is {amount} won",
  async function (this: PolicyWorld, customer: string, mart: string, total: number) {
    assert.equal((await this.carts.cart(customer, mart)).totalKrw, total);
  },
);

Then('{word} has these carts:', async function (this: PolicyWorld, customer: string, table: DataTable) {
  const seen = (await this.carts.list(customer)).map((c) => ({
    mart: c.martName,
    lines: String(c.lines.length),
    total: c.totalKrw.toLocaleString('en-US'),
  }));
  assert.deepEqual(seen, table.hashes());
});

Then('the cart is unchanged', async function (this: PolicyWorld) {
  const before = this.carts.before;
  assert.ok(before, 'no cart change was attempted');
  assert.deepEqual(await this.carts.cart(before.customer, before.mart), before.view);
});

Then(
  "{word}'s cart at {string} shows it expires {duration} from now",
  async function (this: PolicyWorld, customer: string, mart: string, ms: number) {
    const { expiresAt } = await this.carts.cart(customer, mart);
    assert.equal(expiresAt, new Date(this.clock.now() + ms).toISOString());
    this.carts.shownExpiresAt = this.clock.now() + ms;
  },
);

Then(
  "the cart storage itself will drop {word}'s cart at {string} {duration} from now",
  async function (this: PolicyWorld, customer: string, mart: string, ms: number) {
    const seconds = await this.carts.secondsUntilStorageDrops(customer, mart);
    assert.ok(Math.abs(seconds - ms / 1000) <= 5, `storage drops the cart in ${seconds}s, expected ${ms / 1000}s`);
  },
);

Then('every one of the {int} requests succeeded', function (this: PolicyWorld, total: number) {
  const answers = this.carts.stormAnswers ?? [];
  assert.equal(answers.length, total);
  const failed = answers.filter((a) => a.status !== 200);
  assert.deepEqual(failed.map(describe), [], `${failed.length} requests failed`);
});

Then('every cart the app was shown held at least what the cart held before', function (this: PolicyWorld) {
  const required = this.carts.before!.view.lines.map((line) => line.name);
  const partial = (this.carts.stormAnswers ?? []).filter((a) => {
    const names = new Set(a.body.lines?.map((l) => l.name));
    return !required.every((name) => names.has(name));
  });
  assert.equal(
    partial.length,
    0,
    `${partial.length} answers showed an empty or partial cart, e.g. ${partial.slice(0, 2).map(describe).join('; ')}`,
  );
});

function lineColumn(line: CartView['lines'][number], column: string): string {
  switch (column) {
    case 'product':
      return line.name;
    case 'quantity':
      return String(line.quantity);
    case 'price':
      return line.unitPriceKrw.toLocaleString('en-US');
    case 'line total':
      return line.lineTotalKrw.toLocaleString('en-US');
    case 'available':
      return line.available ? 'yes' : 'no';
    default:
      throw new Error(`unknown cart column "${column}"`);
  }
}

/** "Item 2" before "Item 10"; one collator for every comparison (`localeCompare` with options makes one each call). */
const productOrder = new Intl.Collator('en', { numeric: true });

function sortByProduct<T extends Record<string, string>>(rows: T[]): T[] {
  return [...rows].sort((a, b) => productOrder.compare(a.product ?? '', b.product ?? ''));
}

function describe(answer: ApiResponse<CartView>): string {
  return `${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`;
}

// Storage outages: the storage behind carts and alerts is lost, and comes back.

When('the cart storage is lost', async function (this: PolicyWorld) {
  await this.outage.lose('lost');
});

When('the cart storage stops answering', async function (this: PolicyWorld) {
  await this.outage.lose('not answering');
});

When('the cart storage is back', async function (this: PolicyWorld) {
  await this.outage.restore();
});

When("the platform's records stop answering", async function (this: PolicyWorld) {
  await this.outage.recordsStopAnswering();
});

When("the platform's records answer again", async function (this: PolicyWorld) {
  await this.outage.recordsAnswerAgain();
});

When(
  '{word} tries to add {int} {string} to the cart at {string}',
  async function (this: PolicyWorld, customer: string, quantity: number, product: string, mart: string) {
    await this.outage.tryCart(customer, mart, { product, quantity });
  },
);

When(
  '{word} tries to look at the cart at {string}',
  async function (this: PolicyWorld, customer: string, mart: string) {
    await this.outage.tryCart(customer, mart);
  },
);

When(
  '{word} tries to look at the cart at {string} {int} times',
  async function (this: PolicyWorld, customer: string, mart: string, times: number) {
    for (let i = 0; i < times; i++) await this.outage.tryCart(customer, mart);
  },
);

/** The customer's last answer was 503 with `code`, asking them to try again in a moment. */
function toldToTryAgain(world: PolicyWorld, customer: string, code: string): void {
  const answer = world.outage.lastAnswer(customer);
  assert.deepEqual(
    [answer?.status, (answer?.body as ApiError | undefined)?.error.code],
    [503, code],
    JSON.stringify(answer?.body),
  );
  assert.match((answer?.body as ApiError).error.message, /try again in a moment/);
}

Then(
  '{word} is told the cart cannot be reached right now and to try again in a moment',
  function (this: PolicyWorld, customer: string) {
    toldToTryAgain(this, customer, 'CART_STORAGE_UNAVAILABLE');
  },
);

Then(
  '{word} is told our records cannot be reached right now and to try again in a moment',
  function (this: PolicyWorld, customer: string) {
    toldToTryAgain(this, customer, 'STORAGE_UNAVAILABLE');
  },
);
