/**
 * `npm run bench:alerts`: the "Slack said 429" storm. 10,000 requests, each taking 16 s, start within one minute
 * across 3 instances sharing one alert buffer (in memory, or Redis with REDIS_URL); one request fails with a
 * server error at second 30. Time is a fake clock moved a second at a time, every instance's scheduler ticking
 * after each; Slack is the mock (MSW), which answers 429 over 20 messages a minute. Prints the webhook calls per
 * minute, lines delivered, duplicates, and how long the error alert took to reach its channel.
 *
 * Then the bounded buffer: 20,000 junk requests ending in a server error (200 at a time) — on 20 routes in turn,
 * on one route, and each of its own kind (past the cap) — into a fresh buffer with the default cap: alerts kept,
 * dropped count, and how the first message begins and ends.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { startMockVendors, assertVendorsHeld } from '../mocks/server.ts';
import { slack } from '../mocks/vendors.ts';
import { InMemoryAlertStore } from '../src/alerts/alert.store.memory.ts';
import { RedisAlertStore } from '../src/alerts/alert.store.redis.ts';
import { Alerting } from '../src/alerts/alerts.service.ts';
import { buildApp } from '../src/platform/app.ts';
import { FakeClock, MINUTE, SECOND } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase, type Database, type Queryable } from '../src/platform/database.ts';
import { createLogger } from '../src/platform/logger.ts';
import { migrate } from '../src/platform/migrate.ts';
import { openRedis } from '../src/platform/redis.ts';
import { deleteRedisKeys } from '../steps/support/worker.ts';

const REQUESTS = 10_000;
const INSTANCES = 3;
const STORM_SECONDS = 60;
const REQUEST_TAKES_MS = 16 * SECOND;
const ERROR_AT_SECOND = 30;
const GIVE_UP_AFTER = 60 * MINUTE;
const JUNK = 20_000;
/** Requests ending together: beyond a few hundred at once, appends wait past Redis's 1 s command timeout on a busy machine. */
const JUNK_AT_ONCE = 200;

/** Product listings wait until the fake clock has moved on by REQUEST_TAKES_MS; one may be made to fail. */
class SlowListings {
  readonly #held: { due: number; release: () => void }[] = [];
  failNext = false;

  constructor(private readonly clock: FakeClock) {}

  wrap(db: Database): Database {
    const query =
      (target: Queryable): Queryable['query'] =>
      async (sql, params) => {
        if (/\bFROM products\b/.test(sql)) {
          if (this.failNext) {
            this.failNext = false;
            throw new Error('injected fault');
          }
          await new Promise<void>((release) => this.#held.push({ due: this.clock.now() + REQUEST_TAKES_MS, release }));
        }
        return target.query(sql, params);
      };
    return {
      kind: db.kind,
      query: query(db),
      exec: (sql) => db.exec(sql),
      transaction: (work, options) => db.transaction((tx) => work({ query: query(tx) }), options),
      bounded: (ms) => this.wrap(db.bounded(ms)),
      close: () => db.close(),
    };
  }

  releaseDue(): void {
    const now = this.clock.now();
    for (let i = this.#held.length - 1; i >= 0; i--)
      if (this.#held[i]!.due <= now) this.#held.splice(i, 1)[0]!.release();
  }

  get pending(): number {
    return this.#held.length;
  }
}

const clock = new FakeClock();
const config = loadConfig({ AUTH_SECRET: 'bench-secret-that-is-long-enough-to-use' });
const db = await openDatabase({});
await migrate(db);
const redis = process.env.REDIS_URL ? await openRedis(process.env.REDIS_URL) : undefined;
const redisPrefix = `martbook-bench:${randomUUID().slice(0, 8)}:`;
const vendors = startMockVendors();
slack.state.now = () => clock.now();
for (const { webhookUrl } of Object.values(config.alerts.channels)) slack.state.webhooks.add(webhookUrl);
/** Every POST to each webhook, accepted or not, by the fake clock (read from the ledger after each tick). */
const slackCalls = { slow: [] as number[], error: [] as number[] };
let ledgerRead = 0;

const listings = new SlowListings(clock);
const sharedStore = redis ? undefined : new InMemoryAlertStore();
const platform = {
  config,
  clock,
  db: listings.wrap(db),
  redis,
  redisPrefix,
  alertStore: sharedStore,
  logger: createLogger('silent'),
};
const instances: FastifyInstance[] = [];
for (let i = 0; i < INSTANCES; i++) instances.push(await buildApp(platform));
const mart = await instances[0]!.services.catalog.createMart('Gangnam Fresh');
const url = `/marts/${mart.id}/products`;

const started = performance.now();
const stormStart = clock.now();
const answers: Promise<unknown>[] = [];
let sent = 0;
let errorRaisedAt = 0;
const tick = async () => {
  listings.releaseDue();
  await new Promise((resolve) => setImmediate(resolve));
  await Promise.all(instances.map((app) => app.services.alerts.tick()));
  await stampSlackCalls();
};
for (let second = 0; second < STORM_SECONDS; second++) {
  if (second === ERROR_AT_SECOND) {
    listings.failNext = true;
    errorRaisedAt = clock.now();
    await instances[1]!.inject({ method: 'GET', url });
  }
  const batch = Math.round(((second + 1) * REQUESTS) / STORM_SECONDS) - sent;
  for (let i = 0; i < batch; i++, sent++) answers.push(instances[sent % INSTANCES]!.inject({ method: 'GET', url }));
  clock.advance(SECOND);
  await tick();
}
while (delivered().unique < REQUESTS && clock.now() - stormStart < GIVE_UP_AFTER) {
  clock.advance(SECOND);
  await tick();
}
await Promise.all(answers);
for (const app of instances) await app.close();
await stampSlackCalls();

const { total, unique } = delivered();
const slowMessages = messagesOn('slow');
const errorDelivered = messagesOn('error')[0]?.at;
console.log(
  `slow-request alerting storm: ${REQUESTS.toLocaleString('en-US')} requests of ${REQUEST_TAKES_MS / SECOND} s within ${STORM_SECONDS} s across ${INSTANCES} instances (${redis ? 'Redis' : 'in-memory'} buffer)`,
);
console.log(`  slow webhook calls per minute, by minute of the run: ${perMinute(slackCalls.slow).join(' ')}`);
console.log(
  `  most slow webhook calls in any 60 s window:       ${busiestMinute(slackCalls.slow)} (limit ${config.alerts.messagesPerMinute})`,
);
console.log(
  `  slow webhook calls / accepted / refused (429):    ${slackCalls.slow.length} / ${slowMessages.length} / ${slackCalls.slow.length - slowMessages.length}`,
);
console.log(
  `  lines delivered:                                  ${unique.toLocaleString('en-US')} of ${REQUESTS.toLocaleString('en-US')}`,
);
console.log(`  duplicates:                                       ${total - unique}`);
console.log(
  `  error alert (raised at second ${ERROR_AT_SECOND}) delivered after: ${errorDelivered === undefined ? 'never' : `${(errorDelivered - errorRaisedAt) / SECOND} s`}`,
);
console.log(
  `  storm drained after (simulated):                  ${((clock.now() - stormStart) / MINUTE).toFixed(1)} min; wall time ${((performance.now() - started) / 1000).toFixed(1)} s; requests still held: ${listings.pending}`,
);

console.log(
  `bounded error buffer (ALERT_BUFFER_MAX_LINES ${config.alerts.bufferMaxLines.toLocaleString('en-US')}, ${redis ? 'Redis' : 'in-memory'}):`,
);
await flood('on 20 routes in turn', (i) => `/junk/${i % 20}`);
await flood('on one route', () => '/junk');
await flood('all different', (i) => `/junk/${i}`);

assertVendorsHeld(vendors);
vendors.server.close();
if (redis) {
  await deleteRedisKeys(redis, redisPrefix);
  await redis.quit();
}
await db.close();

/** JUNK server errors into a fresh buffer, then one flush: what was kept, what was counted, how Slack heard of it. */
async function flood(shape: string, routeOf: (i: number) => string): Promise<void> {
  const store = redis
    ? new RedisAlertStore(redis, `${redisPrefix}flood:${randomUUID().slice(0, 8)}:`)
    : new InMemoryAlertStore();
  const alerting = new Alerting(store, clock, config.alerts, createLogger('silent'));
  const started = performance.now();
  for (let i = 0; i < JUNK; i++) {
    alerting.requestEnded({
      method: 'POST',
      route: routeOf(i),
      status: 500,
      durationMs: 3,
      requestId: randomUUID(),
      at: clock.now(),
    });
    if (i % JUNK_AT_ONCE === JUNK_AT_ONCE - 1) await alerting.recorded();
  }
  await alerting.recorded();
  const took = performance.now() - started;
  const { buffered, dropped } = await store.lines('error');
  const sentBefore = messagesOn('error').length;
  clock.advance(MINUTE); // a fresh minute of Slack's budget for each flood
  await alerting.flush();
  const first = messagesOn('error')[sentBefore]?.text ?? '(no message)';
  const requests = buffered.reduce((sum, alert) => sum + alert.repeats, 0);
  console.log(
    `  ${JUNK.toLocaleString('en-US')} server errors ${shape.padEnd(20)}: ${buffered.length.toLocaleString('en-US')} alert(s) kept for ${requests.toLocaleString('en-US')} requests, ${dropped.toLocaleString('en-US')} dropped (${took.toFixed(0)} ms); first message: "${first.split('\n')[0]} | … | ${first.split('\n').at(-1)}"`,
  );
}

function messagesOn(channel: 'slow' | 'error') {
  return slack.state.messages.filter((m) => m.webhook === config.alerts.channels[channel].webhookUrl);
}

function delivered(): { total: number; unique: number } {
  const ids = messagesOn('slow').flatMap((m) =>
    [...(m.text ?? '').matchAll(/request ([0-9a-f-]{36})/g)].map((match) => match[1]),
  );
  return { total: ids.length, unique: new Set(ids).size };
}

/** Every POST to each webhook since the last look, accepted or not, stamped with the fake clock. */
async function stampSlackCalls(): Promise<void> {
  const calls = await vendors.ledger.calls({ vendor: 'slack', since: ledgerRead });
  ledgerRead = vendors.ledger.size;
  for (const call of calls)
    for (const channel of ['slow', 'error'] as const)
      if (call.path === new URL(config.alerts.channels[channel].webhookUrl).pathname)
        slackCalls[channel].push(clock.now());
}

function perMinute(times: number[]): number[] {
  const counts: number[] = [];
  for (const at of times)
    counts[Math.floor((at - stormStart) / MINUTE)] = (counts[Math.floor((at - stormStart) / MINUTE)] ?? 0) + 1;
  return Array.from(counts, (count) => count ?? 0);
}

function busiestMinute(times: number[]): number {
  return Math.max(0, ...times.map((at) => times.filter((other) => other >= at && other < at + MINUTE).length));
}
