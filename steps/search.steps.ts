import assert from 'node:assert/strict';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { aiSearch } from '../mocks/vendors.ts';
import type { ProductId } from '../src/catalog/catalog.types.ts';
import type { BreakerState } from '../src/search/breaker.ts';
import type { ApiError } from './support/drivers/http.ts';
import type { AiSearchFault } from './support/drivers/search.ts';
import { parseAmount } from './support/parameter-types.ts';
import type { PolicyWorld } from './support/world.ts';

// Arrange: what the search company knows and how it behaves; how the breaker is set up.

Given('the AI search company has indexed the products of {string}', async function (this: PolicyWorld, mart: string) {
  await this.search.indexMart(mart);
});

Given(
  "the AI search company's index of {string} also lists {string} of {string}",
  function (this: PolicyWorld, mart: string, product: string, other: string) {
    this.search.alsoIndex(mart, other, product);
  },
);

Given('the AI search company has no index for {string}', function (this: PolicyWorld, mart: string) {
  aiSearch.state.catalogs.delete(this.catalog.martId(mart));
});

const FAULTS: Record<string, AiSearchFault> = {
  'is down': 'down',
  hangs: 'slow',
  'cannot be reached': 'networkError',
  'answers nonsense': 'malformedBody',
};

Given(
  /^the AI search company (is down|hangs|cannot be reached|answers nonsense)$/,
  function (this: PolicyWorld, trouble: string) {
    this.search.fault(FAULTS[trouble]!);
  },
);

Given('the AI search company is back', function (this: PolicyWorld) {
  this.search.recover();
});

Given('the AI search company fails its next {int} call(s)', function (this: PolicyWorld, count: number) {
  this.search.failsNext(count);
});

Given('the AI search company answers after {int} milliseconds', function (this: PolicyWorld, ms: number) {
  this.search.answersAfter(ms);
});

Given('the search breaker opens only when {int} instances agree', async function (this: PolicyWorld, quorum: number) {
  await this.reconfigure((c) => ({ ...c, search: { ...c.search, breaker: { ...c.search.breaker, quorum } } }));
});

Given('the shared breaker state cannot be reached', async function (this: PolicyWorld) {
  this.search.sharedStateUnreachable();
  await this.start();
});

// Act: customers search, on one instance or on all of them.

When('a customer searches {string} for {string}', async function (this: PolicyWorld, mart: string, text: string) {
  await this.search.search(mart, text);
});

When(
  'a customer searches {string} for {string} {int} time(s)',
  async function (this: PolicyWorld, mart: string, text: string, count: number) {
    await this.search.searchTimes(mart, text, count);
  },
);

When(
  'a customer searches {string} for {string} on instance {int}',
  async function (this: PolicyWorld, mart: string, text: string, instance: number) {
    await this.search.search(mart, text, instance);
  },
);

When(
  'a customer searches {string} for {string} {int} time(s) on instance {int}',
  async function (this: PolicyWorld, mart: string, text: string, count: number, instance: number) {
    await this.search.searchTimes(mart, text, count, instance);
  },
);

When(
  'customers search {string} for {string} {int} times on each instance, one instance after another',
  async function (this: PolicyWorld, mart: string, text: string, count: number) {
    for (const app of this.instances.all)
      await this.search.searchTimes(mart, text, count, this.instances.numberOf(app));
  },
);

When(
  'customers search {string} for {string} {int} times on each instance, all at once',
  async function (this: PolicyWorld, mart: string, text: string, count: number) {
    await this.search.searchEverywhereAtOnce(mart, text, count);
  },
);

When('instance {int} dies while probing', async function (this: PolicyWorld, instance: number) {
  assert.ok(this.search.probes(instance), `instance ${instance} is not the one probing`);
  await this.instances.crash(instance);
});

When('instance {int} shuts down while probing', async function (this: PolicyWorld, instance: number) {
  assert.ok(this.search.probes(instance), `instance ${instance} is not the one probing`);
  await this.instances.shutDown(instance);
});

// Assert: the answer, the calls the search company received, the breakers, the logs.

Then('the answer comes from the AI search', function (this: PolicyWorld) {
  assert.equal(this.search.lastAnswer?.source, 'ai');
});

Then('the answer comes from the catalog', function (this: PolicyWorld) {
  assert.equal(this.search.lastAnswer?.source, 'fallback');
});

Then('the customer sees, in this order:', function (this: PolicyWorld, table: DataTable) {
  const seen = (this.search.lastAnswer?.products ?? []).map((p) => ({ product: p.name, price: p.priceKrw }));
  assert.deepEqual(
    seen,
    table.hashes().map((row) => ({ product: row.product!, price: parseAmount(row.price!) })),
  );
});

Then('the customer is shown no product', function (this: PolicyWorld) {
  assert.deepEqual(this.search.lastAnswer?.products, []);
});

Then(
  'the search company ranked {string} first, which the customer is not shown',
  async function (this: PolicyWorld, product: string) {
    const [last] = (await this.vendors.ledger.calls({ vendor: aiSearch.name })).slice(-1);
    const results = (last?.response as { results?: { product_id: string }[] } | undefined)?.results ?? [];
    const ranked = results.map((r) => this.catalog.productName(r.product_id as ProductId));
    assert.equal(ranked[0], product, `the search company ranked: ${ranked.join(', ')}`);
    const shown = (this.search.lastAnswer?.products ?? []).map((p) => p.name);
    assert.ok(!shown.includes(product), `the customer was shown ${product}`);
  },
);

Then('the search is refused with {string}', function (this: PolicyWorld, code: string) {
  assert.equal((this.lastResponse?.body as ApiError | undefined)?.error.code, code);
});

Then('the AI search company was called {int} time(s) in all', async function (this: PolicyWorld, total: number) {
  assert.equal(await this.search.vendorRequests(), total);
});

Then(
  /^the AI search company was called (\d+) times? in all: (.+)$/,
  async function (this: PolicyWorld, total: string, perInstance: string) {
    assert.equal(await this.search.vendorRequests(), Number(total));
    const named = [...perInstance.matchAll(/(\d+) by instance (\d+)/g)];
    assert.deepEqual(
      named.map(([, , instance]) => Number(instance)),
      this.instances.all.map((app) => this.instances.numberOf(app)),
      'the calls name every running instance once, in order',
    );
    for (const [, calls, instance] of named) {
      const made = this.search.breaker(Number(instance)).view().vendorCalls;
      assert.equal(made, Number(calls), `calls by instance ${instance}`);
    }
  },
);

Then('exactly one instance probed, and its probes closed the breaker', function (this: PolicyWorld) {
  const own = (to: string) =>
    this.instances.all.flatMap((app) =>
      this.search
        .breakerLogs(this.instances.numberOf(app))
        .filter((line) => line.to === to && line.by === app.services.search.breaker.instance)
        .map((line) => line.by),
    );
  const probers = own('half-open');
  assert.equal(probers.length, 1, `instances that probed: ${probers.join(', ')}`);
  assert.deepEqual(own('closed'), probers);
});

Then('every customer got an answer', function (this: PolicyWorld) {
  const { answers } = this.search;
  assert.ok(
    answers.length > 0 && answers.every(({ response: r }) => r.status === 200 && r.body.products.length > 0),
    `answers (status, products): ${answers.map(({ response: r }) => `${r.status} ${r.body?.products?.length}`).join(', ') || 'none'}`,
  );
});

Then('each instance answered its customers:', function (this: PolicyWorld, table: DataTable) {
  assert.deepEqual(
    this.search.answeredByInstance().map((a) => ({
      instance: String(a.instance),
      'from the catalog': String(a.fromCatalog),
      'from the AI search': String(a.fromAi),
      'calls to the search company': String(a.vendorCalls),
    })),
    table.hashes(),
  );
});

Then(
  /^the search breaker is (open|closed|half-open) on every instance$/,
  async function (this: PolicyWorld, state: BreakerState) {
    const others = (await this.search.caughtUpStates()).filter((s) => s.state !== state);
    const named = others.map((s) => `instance ${s.instance} is ${s.state}`).join(', ');
    if (others.length > 0) assert.fail(`the search breaker is not ${state} everywhere: ${named}`);
  },
);

Then(
  /^the search breaker is (open|closed|half-open) on instance (\d+)$/,
  async function (this: PolicyWorld, state: BreakerState, instance: string) {
    const found = (await this.search.caughtUpStates()).find((s) => s.instance === Number(instance));
    assert.equal(found?.state, state, `the search breaker on instance ${instance} is ${found?.state ?? 'not running'}`);
  },
);

Then(
  'instance {int} logged that it opened the breaker because {string}',
  function (this: PolicyWorld, instance: number, reason: string) {
    const opened = this.search
      .breakerLogs(instance)
      .filter((line) => line.to === 'open' && line.by === this.search.breaker(instance).instance);
    assert.ok(
      opened.some((line) => line.reason.includes(reason)),
      `instance ${instance} logged: ${JSON.stringify(opened)}`,
    );
  },
);

Then(
  'the other instances logged that they followed instance {int} in opening the breaker',
  function (this: PolicyWorld, leader: number) {
    const leaderId = this.search.breaker(leader).instance;
    const others = this.instances.all.map((app) => this.instances.numberOf(app)).filter((n) => n !== leader);
    assert.ok(others.length > 0, 'no other instance runs');
    for (const instance of others) {
      const followed = this.search.breakerLogs(instance).filter((line) => line.to === 'open' && line.by === leaderId);
      assert.equal(
        followed.length,
        1,
        `instance ${instance} logged: ${JSON.stringify(this.search.breakerLogs(instance))}`,
      );
    }
  },
);

Then(
  'instance {int} logged that only {int} of {int} instances agree',
  function (this: PolicyWorld, instance: number, votes: number, quorum: number) {
    const lines = this.search
      .breakerLogs(instance)
      .filter((line) => line.msg.includes(`only ${votes} of ${quorum} instances agree`));
    assert.equal(lines.length, 1);
  },
);

Then('each instance logged once that the shared state cannot be reached', function (this: PolicyWorld) {
  for (const instance of this.instances.all.map((app) => this.instances.numberOf(app))) {
    const lines = this.search.breakerLogs(instance).filter((line) => line.msg.includes('shared state unreachable'));
    assert.equal(lines.length, 1, `instance ${instance} logged it ${lines.length} times`);
  }
});

Given('{word} runs the platform', function (this: PolicyWorld, name: string) {
  this.actors.operator(name);
});

When(
  '{word} asks instance {int} for the breaker status',
  async function (this: PolicyWorld, name: string, instance: number) {
    await this.search.askStatus(instance, this.actors.token(name));
  },
);

When(
  'someone without a token asks instance {int} for the breaker status',
  async function (this: PolicyWorld, instance: number) {
    await this.search.askStatus(instance, undefined);
  },
);

Then(
  'the breaker status shown to {word} by every instance lists:',
  async function (this: PolicyWorld, name: string, table: DataTable) {
    for (const app of this.instances.all) {
      const instance = this.instances.numberOf(app);
      const list = await this.search.statusList(instance, this.actors.token(name));
      assert.deepEqual(
        list.map(({ number, view }) => ({
          instance: String(number),
          state: view.state,
          'calls to the search company': String(view.vendorCalls),
        })),
        table.hashes(),
        `the status shown by instance ${instance}`,
      );
    }
  },
);
