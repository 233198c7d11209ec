/**
 * `npm run bench:outage`: Redis lost under a customer's cart, measured. One instance of the platform (embedded
 * Postgres) reaches real Redis (REDIS_URL, default redis://127.0.0.1:6379) through a local TCP forwarder of its
 * own, with the production timeouts (1 s per command). Cart views are sent one and 20 at a time with Redis up, with
 * Redis cut (connections closed and refused), and with Redis stalled (connections open, nothing answered); the
 * bench prints the answers and their latency (p50 / p99 / max), the time to the first good answer once Redis is
 * back, the connection-loss log lines, and what became of the error alerts raised meanwhile (kept in memory,
 * then delivered to the Slack mock). The shared Redis server itself is never touched.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { assertVendorsHeld, startMockVendors } from '../mocks/server.ts';
import { slack } from '../mocks/vendors.ts';
import { buildApp } from '../src/platform/app.ts';
import type { CustomerId } from '../src/platform/auth.ts';
import { FakeClock, HOUR } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/database.ts';
import { createLogger } from '../src/platform/logger.ts';
import { migrate } from '../src/platform/migrate.ts';
import { openRedis, REDIS_DEFAULTS } from '../src/platform/redis.ts';
import { LogCapture } from '../steps/support/log-capture.ts';
import { TcpForwarder } from '../steps/support/tcp-forwarder.ts';
import { deleteRedisKeys } from '../steps/support/worker.ts';

const AT_ONCE = 20;
const REQUESTS = 400;
const STALLED_REQUESTS = 100;

const redisUrl = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
const forwarder = new TcpForwarder({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) });
await forwarder.start();
const forwardedUrl = new URL(redisUrl);
forwardedUrl.hostname = '127.0.0.1';
forwardedUrl.port = String(forwarder.port);

const logs = new LogCapture();
const logger = createLogger('info', logs);
const said = (start: string) => logs.lines.filter((line) => line.msg?.startsWith(start)).length;

const clock = new FakeClock();
const config = loadConfig({ AUTH_SECRET: 'bench-secret-that-is-long-enough-to-use' });
const vendors = startMockVendors();
slack.state.now = () => clock.now();
for (const { webhookUrl } of Object.values(config.alerts.channels)) slack.state.webhooks.add(webhookUrl);
const db = await openDatabase({});
await migrate(db);
const redis = await openRedis(forwardedUrl.toString(), { logger });
const redisPrefix = `martbook-bench:${randomUUID().slice(0, 8)}:`;
const app = await buildApp({ config, clock, db, redis, redisPrefix, logger });
const mart = await app.services.catalog.createMart('Gangnam Fresh');
const token = app.services.tokens.issue({ role: 'customer', customerId: 'customer-bench' as CustomerId }, HOUR);
let failed = 0;
const viewCart = async () => {
  const started = performance.now();
  const response = await app.inject({
    method: 'GET',
    url: `/me/carts/${mart.id}`,
    headers: { authorization: `Bearer ${token}` },
  });
  if (response.statusCode !== 200) failed++;
  const code =
    response.statusCode === 200 ? '' : ` ${(JSON.parse(response.body) as { error: { code: string } }).error.code}`;
  return { answer: `${response.statusCode}${code}`, ms: performance.now() - started };
};

async function phase(name: string, total: number, atOnce: number): Promise<void> {
  const results: { answer: string; ms: number }[] = [];
  for (let sent = 0; sent < total; sent += atOnce)
    results.push(...(await Promise.all(Array.from({ length: Math.min(atOnce, total - sent) }, viewCart))));
  const answers = new Map<string, number>();
  for (const { answer } of results) answers.set(answer, (answers.get(answer) ?? 0) + 1);
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(1);
  const said = [...answers].map(([answer, count]) => `${count} × ${answer}`).join(', ');
  console.log(
    `  ${name.padEnd(40)} ${said.padEnd(38)} p50 ${at(0.5)} ms · p99 ${at(0.99)} ms · max ${ms.at(-1)!.toFixed(1)} ms`,
  );
}

console.log(
  `Redis lost under cart views (command timeout ${REDIS_DEFAULTS.commandTimeoutMs.toLocaleString('en-US')} ms; embedded Postgres)`,
);
await phase(`Redis up, one at a time`, REQUESTS, 1);
await phase(`Redis up, ${AT_ONCE} at a time`, REQUESTS, AT_ONCE);
await forwarder.cut();
await phase(`Redis cut, one at a time`, REQUESTS, 1);
await phase(`Redis cut, ${AT_ONCE} at a time`, REQUESTS, AT_ONCE);
await forwarder.restore();
await once(redis, 'ready');
forwarder.stall();
await phase(`Redis stalled, ${STALLED_REQUESTS} at once`, STALLED_REQUESTS, STALLED_REQUESTS);
const restoredAt = performance.now();
await forwarder.restore();
let back = await viewCart();
while (back.answer !== '200') back = await viewCart();
console.log(`  first good answer after Redis was back: ${(performance.now() - restoredAt).toFixed(0)} ms`);
console.log(
  `  log lines: "Redis connection lost" ${said('Redis connection lost')}, "Redis connection back" ${said('Redis connection back')}, "the alert buffer cannot be reached" ${said('the alert buffer cannot be reached')}`,
);

const { alerts } = app.services;
await alerts.recorded();
const kept = await alerts.keptLocally('error');
const requests = kept.buffered.reduce((sum, alert) => sum + alert.repeats, 0);
console.log(
  `  error alerts kept in memory meanwhile:  ${kept.buffered.length} alert(s) standing for ${requests} failed requests, ${kept.dropped} dropped`,
);
clock.advance(config.alerts.flushIntervalMs);
await alerts.tick();
const errorMessages = slack.state.messages.filter((m) => m.webhook === config.alerts.channels.error.webhookUrl);
const reported = errorMessages.flatMap((m) => (m.text ?? '').split('\n').filter((line) => line.startsWith('• ')));
const reportedRequests = reported.reduce(
  (sum, line) => sum + Number(/×([\d,]+)$/.exec(line)?.[1]?.replaceAll(',', '') ?? 1),
  0,
);
console.log(
  `  delivered to Slack at the next flush:   ${errorMessages.length} message(s), ${reported.length} alert line(s) for ${reportedRequests} of the ${failed} failed requests`,
);

await app.close();
await deleteRedisKeys(redis, redisPrefix);
await redis.quit();
await forwarder.close();
await db.close();
assertVendorsHeld(vendors);
vendors.server.close();
