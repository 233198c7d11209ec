/**
 * `npm run bench:breaker`: the "circuit breakers that disagreed" incident, measured. Four instances' search
 * breakers (the real `SharedBreaker`, default policy) face an AI search vendor that is down: every call is
 * answered 503 after 5 ms. Customers keep searching across the instances; the bench counts the calls that
 * reached the dead vendor with the breaker state shared (over Redis with REDIS_URL, else in process) and with
 * per-instance breakers, side by side, for two load shapes. Then, over real Redis (REDIS_URL, default
 * redis://127.0.0.1:6379), it opens and closes the shared breaker 200 times from rotating instances — each
 * instance on its own connection, as separate processes would be — and prints how long the other three took to
 * hear of each opening (p50 / p99 / max).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import { FakeClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { openRedis } from '../src/platform/redis.ts';
import type { BreakerSnapshot } from '../src/search/breaker.ts';
import { InProcessBreakerHub, type BreakerStateBus, type TransitionListener } from '../src/search/breaker-bus.ts';
import { RedisBreakerBus } from '../src/search/breaker-bus.redis.ts';
import { SharedBreaker } from '../src/search/shared-breaker.ts';
import { deleteRedisKeys } from '../steps/support/worker.ts';

const INSTANCES = 4;
const SEARCHES = 400;
const PROPAGATION_ROUNDS = 200;
const policy = loadConfig({}).search.breaker;
const logger = createLogger('silent');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class DeadVendor {
  calls = 0;
  readonly call = async (): Promise<string[]> => {
    this.calls += 1;
    await sleep(5);
    throw new Error('AI search: answered 503');
  };
}

async function breakers(buses: BreakerStateBus[], clock: FakeClock): Promise<SharedBreaker[]> {
  const made = buses.map((bus, i) => new SharedBreaker('ai-search', `bench-${i + 1}`, policy, clock, bus, logger));
  for (const breaker of made) await breaker.start();
  return made;
}

/** `SEARCHES` searches over the instances, `atOnce` at a time (round robin); the calls that reached the vendor. */
async function storm(instances: SharedBreaker[], atOnce: number): Promise<number> {
  const vendor = new DeadVendor();
  for (let sent = 0; sent < SEARCHES; sent += atOnce) {
    await Promise.all(
      Array.from({ length: atOnce }, (_, i) =>
        instances[(sent + i) % instances.length]!.execute(vendor.call, () => true).catch(() => undefined),
      ),
    );
  }
  return vendor.calls;
}

/** A Redis bus that notes when its instance publishes an opening and when its listener hears one (performance.now()). */
class TimedBus extends RedisBreakerBus {
  publishedOpenAt = 0;
  heardOpenAt = 0;

  override async publish(breaker: string, snapshot: BreakerSnapshot): Promise<void> {
    if (snapshot.state === 'open') this.publishedOpenAt = performance.now();
    await super.publish(breaker, snapshot);
  }

  override async subscribe(listener: TransitionListener): Promise<void> {
    await super.subscribe((breaker, snapshot) => {
      listener(breaker, snapshot); // the breaker applies it synchronously
      if (snapshot.state === 'open') this.heardOpenAt = performance.now();
    });
  }
}

const connections: Redis[] = [];
async function redisBuses(url: string, prefix: string): Promise<TimedBus[]> {
  const buses: TimedBus[] = [];
  for (let i = 0; i < INSTANCES; i += 1) {
    const redis = await openRedis(url);
    connections.push(redis);
    buses.push(new TimedBus(redis, prefix));
  }
  return buses;
}

/** Every instance has applied every transition published so far (see `SharedBreaker.caughtUp`), and is in `state`. */
async function allIn(instances: SharedBreaker[], state: BreakerSnapshot['state']): Promise<void> {
  await Promise.all(instances.map((b) => b.settled()));
  await Promise.all(instances.map((b) => b.caughtUp()));
  const others = instances.filter((b) => b.state !== state).map((b) => `${b.instance} is ${b.state}`);
  if (others.length > 0) throw new Error(`not ${state} everywhere: ${others.join(', ')}`);
}

async function callsToDeadVendor(redisUrl: string | undefined): Promise<void> {
  const shapes = [
    { name: 'one search at a time, round robin', atOnce: 1 },
    { name: 'one search per instance at once', atOnce: INSTANCES },
  ];
  console.log(
    `\nCalls that reached the dead vendor (${SEARCHES} searches, 4 instances, window ${policy.windowSize}, minimum ${policy.minimumCalls}; target with sharing ≤ ${1.25 * policy.minimumCalls})`,
  );
  console.log(`shared state: ${redisUrl ? 'Redis' : 'in process'}`);
  console.log('| load | shared breaker | per-instance breakers |');
  console.log('| --- | ---: | ---: |');
  for (const shape of shapes) {
    const prefix = `martbook-bench:${randomUUID().slice(0, 8)}:`;
    const hub = new InProcessBreakerHub();
    const sharedBuses = redisUrl
      ? await redisBuses(redisUrl, prefix)
      : Array.from({ length: INSTANCES }, () => hub.connect());
    const shared = await storm(await breakers(sharedBuses, new FakeClock()), shape.atOnce);
    const alone = await storm(
      await breakers(
        Array.from({ length: INSTANCES }, () => new InProcessBreakerHub().connect()),
        new FakeClock(),
      ),
      shape.atOnce,
    );
    console.log(`| ${shape.name} | ${shared} | ${alone} |`);
    for (const bus of sharedBuses) await bus.close();
    if (redisUrl) await deleteRedisKeys(connections[0]!, prefix);
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function propagation(redisUrl: string): Promise<void> {
  const prefix = `martbook-bench:${randomUUID().slice(0, 8)}:`;
  const clock = new FakeClock();
  const buses = await redisBuses(redisUrl, prefix);
  const instances = await breakers(buses, clock);
  const fail = () => Promise.reject(new Error('503'));
  const ok = () => Promise.resolve(['p1']);
  const delays: number[] = [];
  for (let round = 0; round < PROPAGATION_ROUNDS; round += 1) {
    const opener = instances[round % INSTANCES]!;
    const openerBus = buses[round % INSTANCES]!;
    for (let i = 0; i < policy.minimumCalls; i += 1) await opener.execute(fail, () => true).catch(() => undefined);
    await allIn(instances, 'open');
    for (const bus of buses) if (bus !== openerBus) delays.push(bus.heardOpenAt - openerBus.publishedOpenAt);
    clock.advance(policy.openMs);
    for (let i = 0; i < policy.halfOpenProbes; i += 1) await opener.execute(ok, () => true);
    await allIn(instances, 'closed');
  }
  delays.sort((a, b) => a - b);
  const ms = (n: number) => `${n.toFixed(2)} ms`;
  console.log(
    `\nPropagation of an opening over Redis (${PROPAGATION_ROUNDS} openings × 3 listening instances; target p99 ≤ 100 ms)`,
  );
  console.log(
    `p50 ${ms(percentile(delays, 50))} · p99 ${ms(percentile(delays, 99))} · max ${ms(delays[delays.length - 1]!)}`,
  );
  for (const bus of buses) await bus.close();
  await deleteRedisKeys(connections[0]!, prefix);
}

const redisUrl = process.env.REDIS_URL || undefined;
await callsToDeadVendor(redisUrl);
const propagationUrl = redisUrl ?? 'redis://127.0.0.1:6379';
try {
  await propagation(propagationUrl);
} catch (error) {
  console.log(
    `\nPropagation over Redis skipped: ${propagationUrl} did not answer (${error instanceof Error ? error.message : String(error)})`,
  );
}
for (const redis of connections) redis.disconnect();
