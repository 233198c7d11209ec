// The breaker bus's echo: a round trip to an instance's own listener that comes back only after every transition
// published before it, so a caller knows the instance heard them. Both buses; the Redis one against REDIS_URL
// (npm run test:real's servers), skipped without it. Then the breaker's side: its publishes under way, and a
// follower caught up.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { Redis as RedisClient } from 'ioredis';
import { FakeClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { openRedis, type Redis } from '../src/platform/redis.ts';
import type { BreakerSnapshot } from '../src/search/breaker.ts';
import { InProcessBreakerHub, type BreakerStateBus } from '../src/search/breaker-bus.ts';
import { RedisBreakerBus } from '../src/search/breaker-bus.redis.ts';
import { NotCaughtUpError, SharedBreaker } from '../src/search/shared-breaker.ts';

const policy = loadConfig({}).search.breaker;
const silent = createLogger('silent');
const fail = () => Promise.reject(new Error('503'));
const ok = () => Promise.resolve('ranked');

const snapshot = (n: number): BreakerSnapshot => ({
  state: n % 2 === 0 ? 'open' : 'closed',
  at: n,
  openUntil: n,
  by: 'publisher',
  reason: `transition ${n}`,
});
const TRANSITIONS = 100;

/** The transitions one bus's listener heard, by number, in order. */
async function listening(bus: BreakerStateBus): Promise<number[]> {
  const heard: number[] = [];
  await bus.subscribe((_, s) => heard.push(s.at));
  return heard;
}

/** `connect`, keeping every bus it gives to close it after each test, passed or failed (Redis ones hold connections). */
function closedAfterEach(connect: () => BreakerStateBus): () => BreakerStateBus {
  const opened: BreakerStateBus[] = [];
  afterEach(async () => {
    for (const bus of opened.splice(0)) await bus.close();
  });
  return () => {
    const bus = connect();
    opened.push(bus);
    return bus;
  };
}

/** The echo's promise on any bus that reaches every listener: `connect` gives one instance's bus of one cluster. */
function echoes(connect: () => BreakerStateBus) {
  it('comes back after every transition published before it, in order', async () => {
    const publisher = connect();
    const listener = connect();
    const heard = await listening(listener);
    await Promise.all(Array.from({ length: TRANSITIONS }, (_, n) => publisher.publish('ai-search', snapshot(n))));
    await listener.echo();
    assert.deepEqual(
      heard,
      Array.from({ length: TRANSITIONS }, (_, n) => n),
    );
  });

  it("comes back to its own bus only, and is no transition to anyone's listener", async () => {
    const one = connect();
    const two = connect();
    const heardByOne = await listening(one);
    const heardByTwo = await listening(two);
    await Promise.all([one.echo(), two.echo(), one.echo()]);
    assert.deepEqual([heardByOne, heardByTwo], [[], []]);
  });

  it('is refused by a bus that is not listening: before it subscribes, and once closed', async () => {
    const bus = connect();
    await assert.rejects(bus.echo(), /not listening/);
    await listening(bus);
    await bus.close();
    await assert.rejects(bus.echo(), /not listening/);
  });
}

/** Two breakers of one cluster on `connect`'s buses, one fake clock. */
async function pair(connect: () => BreakerStateBus) {
  const clock = new FakeClock();
  const one = new SharedBreaker('ai-search', 'one', policy, clock, connect(), silent);
  const two = new SharedBreaker('ai-search', 'two', policy, clock, connect(), silent);
  await one.start();
  await two.start();
  return { clock, one, two };
}

async function times(breaker: SharedBreaker, work: () => Promise<string>, count: number) {
  for (let i = 0; i < count; i += 1) await breaker.execute(work, () => true).catch(() => undefined);
}

describe('the echo in process', () => {
  const hub = new InProcessBreakerHub();
  echoes(closedAfterEach(() => hub.connect()));
});

describe('the breaker settled', () => {
  it('waits for a publish that outlived the bus timeout, which no caller waits for any more', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const hub = new InProcessBreakerHub();
    let release = () => undefined as void;
    let publishing = () => undefined as void;
    const started = new Promise<void>((resolve) => (publishing = resolve));
    const held = new Promise<void>((resolve) => (release = resolve));
    const slowPublisher = (): BreakerStateBus => {
      const bus = hub.connect();
      return {
        ...bus,
        publish: async (breaker, s) => {
          publishing();
          await held;
          await bus.publish(breaker, s);
        },
      };
    };
    const clock = new FakeClock();
    const one = new SharedBreaker('ai-search', 'one', policy, clock, slowPublisher(), silent);
    await one.start();
    await times(one, fail, policy.minimumCalls - 1);
    const opening = times(one, fail, 1);
    await started;
    t.mock.timers.tick(250); // the bus timeout: the opening goes on without waiting for its publish
    await opening;
    assert.equal(one.state, 'open');
    let settled = false;
    const settling = one.settled().then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, false, 'settled before its publish ended');
    release();
    await settling;
    assert.equal((await hub.connect().current('ai-search'))?.state, 'open');
  });
});

/** Lets `caughtUp` reach its echo (and start its bound) before the test moves the mocked timers on. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('a breaker whose echo never comes back', () => {
  it('stops waiting after 1000 ms, with an error naming the instance', async (t) => {
    const hub = new InProcessBreakerHub();
    const lost: BreakerStateBus = { ...hub.connect(), echo: () => new Promise<void>(() => undefined) };
    const breaker = new SharedBreaker('ai-search', 'three', policy, new FakeClock(), lost, silent);
    await breaker.start();
    t.mock.timers.enable({ apis: ['setTimeout'] });
    let gaveUp = false;
    const caughtUp = breaker.caughtUp().finally(() => (gaveUp = true));
    await nextTurn();
    t.mock.timers.tick(999);
    await nextTurn();
    assert.equal(gaveUp, false, 'gave up before its bound');
    t.mock.timers.tick(1);
    await assert.rejects(caughtUp, {
      name: NotCaughtUpError.name,
      message: /^instance three's ai-search breaker did not hear its echo: no answer within 1000 ms$/,
    });
  });
});

describe('a breaker judging alone', () => {
  it('is caught up at once: it hears nothing, and its bus refuses everything', async () => {
    const refusing = new Proxy({} as BreakerStateBus, {
      get: () => () => Promise.reject(new Error('unreachable')),
    });
    const alone = new SharedBreaker('ai-search', 'alone', policy, new FakeClock(), refusing, silent);
    await alone.start();
    await times(alone, fail, policy.minimumCalls);
    await alone.caughtUp();
    assert.deepEqual([alone.state, alone.view().shared], ['open', false]);
  });
});

describe('on Redis', { skip: !process.env.REDIS_URL && 'REDIS_URL is not set' }, () => {
  const prefix = `martbook-test-${randomUUID()}:`;
  const connections: Redis[] = [];
  let made = 0;
  /** Instances' buses on two connections by turns, as separate processes would have. */
  const connect = closedAfterEach(() => new RedisBreakerBus(connections[made++ % 2]!, prefix));
  before(async () => {
    connections.push(await openRedis(process.env.REDIS_URL!), await openRedis(process.env.REDIS_URL!));
  });
  after(async () => {
    const keys = await connections[0]!.keys(`${prefix}*`);
    if (keys.length > 0) await connections[0]!.del(...keys);
    for (const redis of connections) await redis.quit();
  });

  describe('the echo', () => {
    echoes(connect);

    it('is refused when its bus stops listening before it comes back', async () => {
      const bus = connect();
      await listening(bus);
      const echo = bus.echo();
      await bus.close();
      await assert.rejects(echo, /stopped listening/);
    });
  });

  describe('a follower caught up', () => {
    it('has applied the opening and the closing that another instance published', async () => {
      const { clock, one, two } = await pair(connect);
      await times(one, fail, policy.minimumCalls);
      await one.settled();
      await two.caughtUp();
      assert.equal(two.state, 'open');
      clock.advance(policy.openMs);
      await times(one, ok, policy.halfOpenProbes);
      await one.settled();
      await two.caughtUp();
      assert.equal(two.state, 'closed');
    });

    it("gives up, naming the instance, on an echo lost with its listener's connection", async (t) => {
      const name = `echo-test-${randomUUID()}`;
      const redis = new RedisClient(process.env.REDIS_URL!, { connectionName: name }); // its listener's too
      const breaker = new SharedBreaker(
        'ai-search',
        'three',
        policy,
        new FakeClock(),
        new RedisBreakerBus(redis, prefix),
        silent,
      );
      try {
        await breaker.start();
        t.mock.timers.enable({ apis: ['setTimeout'] }); // and so the listener does not reconnect
        await breaker.caughtUp(); // while connected, it comes back without any time passing
        const clients = (await redis.call('CLIENT', 'LIST')) as string;
        const listener = clients
          .split('\n')
          .find((line) => line.includes(` name=${name} `) && line.includes(' sub=1 '));
        await redis.call('CLIENT', 'KILL', 'ID', /^id=(\d+)/.exec(listener ?? '')![1]!);
        const caughtUp = breaker.caughtUp();
        await nextTurn();
        await redis.ping(); // after the echo's PUBLISH on the same connection: the marker was sent, and lost
        t.mock.timers.tick(1_000);
        await assert.rejects(caughtUp, {
          name: NotCaughtUpError.name,
          message: /^instance three's ai-search breaker did not hear its echo: no answer within 1000 ms$/,
        });
      } finally {
        await breaker.stopListening();
        redis.disconnect();
      }
    });
  });
});
