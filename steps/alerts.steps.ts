import assert from 'node:assert/strict';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import type { AlertLine } from '../src/alerts/alert-message.ts';
import type { AlertChannel, BufferedAlert } from '../src/alerts/alert.store.ts';
import { SECOND } from '../src/platform/clock.ts';
import type { ApiError } from './support/drivers/http.ts';
import type { PolicyWorld } from './support/world.ts';

// Arrange: how slow the platform is, how alerting is set up, how Slack behaves.

Given("listing a mart's products takes {int} seconds", function (this: PolicyWorld, seconds: number) {
  this.slowListing.takesMs = seconds * SECOND;
});

Given("listing a mart's products takes {amount} milliseconds", function (this: PolicyWorld, ms: number) {
  this.slowListing.takesMs = ms;
});

Given("listing a mart's products fails", function (this: PolicyWorld) {
  this.slowListing.failing = true;
});

Given('requests taking {int} seconds or more count as slow', async function (this: PolicyWorld, seconds: number) {
  await this.reconfigure((c) => ({ ...c, alerts: { ...c.alerts, slowRequestMs: seconds * SECOND } }));
});

Given('a Slack message may be at most {amount} characters', async function (this: PolicyWorld, chars: number) {
  await this.reconfigure((c) => ({ ...c, alerts: { ...c.alerts, maxMessageChars: chars } }));
});

Given('one Slack message carries at most {int} alerts', async function (this: PolicyWorld, lines: number) {
  await this.reconfigure((c) => ({ ...c, alerts: { ...c.alerts, linesPerMessage: lines } }));
});

Given(
  'a sending instance that died is taken over after {int} seconds',
  async function (this: PolicyWorld, seconds: number) {
    await this.reconfigure((c) => ({ ...c, alerts: { ...c.alerts, flushLockMs: seconds * SECOND } }));
  },
);

Given('each alert channel holds at most {int} alert(s)', async function (this: PolicyWorld, lines: number) {
  await this.reconfigure((c) => ({ ...c, alerts: { ...c.alerts, bufferMaxLines: lines } }));
});

Given('the platform runs on {int} instances', async function (this: PolicyWorld, count: number) {
  await this.instances.run(count);
});

Given(
  'Slack answers every message with "too many requests, retry after {int} seconds"',
  function (this: PolicyWorld, seconds: number) {
    this.alerts.slackRateLimits(seconds);
  },
);

Given('Slack is down', function (this: PolicyWorld) {
  this.alerts.slackFails('down');
});

Given('Slack cannot be reached', function (this: PolicyWorld) {
  this.alerts.slackFails('networkError');
});

// Act: customers use the platform, time passes, instances come and go.

When('Slack accepts messages again', function (this: PolicyWorld) {
  this.alerts.slackIsBack();
});

When('a customer opens the product list of {string}', async function (this: PolicyWorld, mart: string) {
  this.lastResponse = (await this.alerts.requestProducts(mart, 1))[0];
});

When(
  'a customer opens the product list of {string} {int} times, one after another',
  async function (this: PolicyWorld, mart: string, count: number) {
    for (let i = 0; i < count; i++) await this.alerts.requestProducts(mart, 1);
  },
);

When(
  '{word} opens the product list of {string} and the cart there, in turn, {int} times',
  async function (this: PolicyWorld, customer: string, mart: string, times: number) {
    for (let i = 0; i < times; i++) {
      await this.alerts.requestProducts(mart, 1);
      await this.carts.view(customer, mart);
    }
  },
);

When(
  'customers open the product list of {string} {int} times at once',
  async function (this: PolicyWorld, mart: string, count: number) {
    await this.alerts.requestProducts(mart, count);
  },
);

When('{int} second(s) pass(es)', async function (this: PolicyWorld, seconds: number) {
  await this.alerts.passTime(seconds * SECOND);
});

When(
  'instance {int} dies while Slack has not yet answered its message',
  async function (this: PolicyWorld, instance: number) {
    await this.alerts.crashMidFlush(instance);
  },
);

When('instance {int} shuts down', async function (this: PolicyWorld, instance: number) {
  await this.instances.shutDown(instance);
});

// Assert: what waits in the buffer, what Slack received, what the log says.

Then('the customer is told something went wrong on our side', function (this: PolicyWorld) {
  assert.equal(this.lastResponse?.status, 500);
  assert.equal((this.lastResponse.body as ApiError).error.code, 'INTERNAL');
});

Then('{int} slow-request alert(s) wait(s) to be sent', async function (this: PolicyWorld, count: number) {
  assert.equal((await this.alerts.buffered('slow')).buffered.length, count);
});

Then(
  '{int} slow-request alerts wait to be sent, in the order the requests ended',
  async function (this: PolicyWorld, count: number) {
    const { buffered } = await this.alerts.buffered('slow');
    assert.equal(buffered.length, count, `${buffered.length} slow-request alerts wait`);
    assert.deepEqual(
      buffered.map((line) => line.requestId),
      this.alerts.slowRequestIds.slice(0, count),
    );
  },
);

Then(
  '{int} {alertChannel} alert(s) wait(s) to be sent:',
  async function (this: PolicyWorld, count: number, channel: AlertChannel, table: DataTable) {
    const { buffered } = await this.alerts.buffered(channel);
    assert.equal(buffered.length, count);
    assert.deepEqual(buffered.map(describe), table.hashes());
  },
);

Then(
  '{int} error alert(s) wait(s) to be sent, standing for {int} requests',
  async function (this: PolicyWorld, count: number, requests: number) {
    const { buffered } = await this.alerts.stored('error');
    assert.deepEqual({ alerts: buffered.length, requests: sum(buffered) }, { alerts: count, requests });
  },
);

Then(
  '{int} {alertChannel} alert(s) was/were dropped',
  async function (this: PolicyWorld, count: number, channel: AlertChannel) {
    assert.equal((await this.alerts.stored(channel)).dropped, count);
  },
);

Then('no alert is counted as dropped', async function (this: PolicyWorld) {
  for (const channel of ['slow', 'error'] as const)
    assert.equal((await this.alerts.stored(channel)).dropped, 0, `${channel} alerts counted as dropped`);
});

Then('no alert has reached Slack', function (this: PolicyWorld) {
  assert.deepEqual([...this.alerts.messages('slow'), ...this.alerts.messages('error')], []);
});

Then(
  "{int} error alert(s) wait(s) in the platform's memory, standing for {int} requests",
  async function (this: PolicyWorld, count: number, requests: number) {
    const { buffered } = await this.outage.keptLocally();
    assert.deepEqual({ alerts: buffered.length, requests: sum(buffered) }, { alerts: count, requests });
  },
);

Then("no alert waits in the platform's memory", async function (this: PolicyWorld) {
  assert.deepEqual(await this.outage.keptLocally(), { buffered: [], dropped: 0 });
});

Then(
  /^the log says once that (the alert buffer (?:cannot be reached|is reachable again))$/,
  function (this: PolicyWorld, words: string) {
    const said = this.logs.lines.filter((line) => line.msg?.startsWith(words));
    assert.equal(said.length, 1, `logged ${said.length} times that ${words}`);
    const latest = this.logs.lines.filter((line) => line.msg?.startsWith('the alert buffer')).at(-1);
    assert.ok(latest?.msg?.startsWith(words), `the log last said: ${latest?.msg}`);
  },
);

Then('{int} slow-request alerts are in flight', async function (this: PolicyWorld, count: number) {
  const { buffered, inFlight } = await this.alerts.buffered('slow');
  assert.deepEqual({ buffered: buffered.length, inFlight: inFlight.length }, { buffered: 0, inFlight: count });
});

Then('no alert waits to be sent', async function (this: PolicyWorld) {
  for (const channel of ['slow', 'error'] as const)
    assert.deepEqual(await this.alerts.buffered(channel), { buffered: [], inFlight: [] });
});

Then("the alert does not mention the mart's id or the search terms", async function (this: PolicyWorld) {
  const stored = JSON.stringify(await this.alerts.buffered('slow'));
  for (const secret of [this.catalog.martId('Gangnam Fresh'), 'sort=price', 'page=2'])
    assert.ok(!stored.includes(secret), `the alert mentions ${secret}`);
});

Then(
  'the {alertChannel} channel has received {int} message(s)',
  function (this: PolicyWorld, channel: AlertChannel, count: number) {
    assert.equal(this.alerts.messages(channel).length, count);
  },
);

Then('the {alertChannel} channel has received no message', function (this: PolicyWorld, channel: AlertChannel) {
  assert.deepEqual(this.alerts.messages(channel), []);
});

Then(
  'the slow-request channel has received {int} message(s), carrying {}',
  function (this: PolicyWorld, count: number, sizes: string) {
    const carried = this.alerts.messages('slow').map((m) => (m.text.match(/^• /gm) ?? []).length);
    assert.deepEqual(
      carried,
      sizes.split(/, | and /).map((size) => Number.parseInt(size, 10)),
    );
    assert.equal(carried.length, count);
  },
);

Then("that message reads {string} with the request's id and time", function (this: PolicyWorld, words: string) {
  const [message] = [...this.alerts.messages('slow'), ...this.alerts.messages('error')];
  assert.match(
    message?.text ?? '',
    new RegExp(`• ${escape(words)} · request [0-9a-f-]{36} · \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z`),
  );
});

Then(
  "that message reads {string} with the request's id and time, {string}",
  function (this: PolicyWorld, words: string, count: string) {
    assert.match(
      onlyMessage(this),
      new RegExp(
        `• ${escape(words)} · request [0-9a-f-]{36} · \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z · ${escape(count)}$`,
        'm',
      ),
    );
  },
);

Then('that message reports, in order:', function (this: PolicyWorld, table: DataTable) {
  const reported = onlyMessage(this)
    .split('\n')
    .filter((line) => line.startsWith('• '));
  assert.equal(reported.length, table.hashes().length, reported.join('\n'));
  table
    .hashes()
    .forEach((row, i) =>
      assert.match(reported[i]!, new RegExp(`^• ${escape(row.alert!)} · .* · ${escape(row.count!)}$`)),
    );
});

Then('that message ends with {string}', function (this: PolicyWorld, words: string) {
  const text = onlyMessage(this);
  assert.ok(text.endsWith(`\n${words}`), text.slice(-200));
});

Then('every slow request was reported exactly once', function (this: PolicyWorld) {
  const reported = this.alerts.reportedRequests('slow');
  assert.deepEqual([...reported].sort(), [...this.alerts.slowRequestIds].sort());
});

Then('every slow request was reported exactly once, in order', function (this: PolicyWorld) {
  assert.deepEqual(this.alerts.reportedRequests('slow'), this.alerts.slowRequestIds);
});

Then('each slow-request message is at most {amount} characters long', function (this: PolicyWorld, chars: number) {
  const lengths = this.alerts.messages('slow').map((m) => m.text.length);
  assert.ok(lengths.length > 1 && lengths.every((length) => length <= chars), `message lengths: ${lengths.join(', ')}`);
});

Then('the first slow-request message ends with how many more alerts follow', function (this: PolicyWorld) {
  const first = this.alerts.messages('slow')[0]?.text ?? '';
  const shown = (first.match(/^• /gm) ?? []).length;
  assert.match(first, new RegExp(`\\n\\+${50 - shown} more$`));
});

Then('Slack never had to refuse a message', function (this: PolicyWorld) {
  assert.deepEqual(slackRefusals(this), []);
});

Then('the log says Slack did not take the message: {string}', function (this: PolicyWorld, reason: string) {
  assert.ok(slackRefusals(this).includes(reason), `logged refusals: ${JSON.stringify(slackRefusals(this))}`);
});

Then('no log line contains a webhook address or its secret', function (this: PolicyWorld) {
  const secrets = Object.values(this.config.alerts.channels).flatMap(({ webhookUrl }) => [
    webhookUrl,
    new URL(webhookUrl).pathname.split('/').pop()!,
  ]);
  const leaks = this.logs.raw.filter((line) => secrets.some((secret) => line.includes(secret)));
  assert.deepEqual(leaks, []);
});

function describe(line: AlertLine): Record<string, string> {
  return {
    request: `${line.method} ${line.route}`,
    status: String(line.status),
    took: `${line.durationMs.toLocaleString('en-US')} ms`,
  };
}

function sum(alerts: BufferedAlert[]): number {
  return alerts.reduce((total, alert) => total + alert.repeats, 0);
}

/** The one message Slack received in the scenario, on either channel. */
function onlyMessage(world: PolicyWorld): string {
  const messages = [...world.alerts.messages('slow'), ...world.alerts.messages('error')];
  assert.equal(messages.length, 1, `Slack received ${messages.length} messages`);
  return messages[0]!.text;
}

function slackRefusals(world: PolicyWorld): string[] {
  return world.logs.lines
    .filter((line) => line.msg?.startsWith('Slack did not take'))
    .map((line) => String(line.reason));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
