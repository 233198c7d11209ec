import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { FakeClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { DomainError } from '../src/platform/errors.ts';
import { openDatabase } from '../src/platform/database.ts';
import { createLogger } from '../src/platform/logger.ts';
import { closeRedis, isRedisUnreachable, openRedis } from '../src/platform/redis.ts';
import { InProcessBreakerHub, type BreakerStateBus } from '../src/search/breaker-bus.ts';
import { SharedBreaker } from '../src/search/shared-breaker.ts';
import { LogCapture } from '../steps/support/log-capture.ts';
import { TcpForwarder } from '../steps/support/tcp-forwarder.ts';
import { redisServer } from './support/stand-in-redis.ts';

const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** A pino logger whose lines the test reads. */
function capturedLogger() {
  const logs = new LogCapture();
  return {
    logger: createLogger('info', logs),
    said: (start: string) => logs.lines.filter((line) => line.msg?.startsWith(start)).length,
  };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A TypeScript file run as a process of its own: what it printed, how it ended, and whether it outlived `timeoutMs`. */
async function runAlone(
  file: string,
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<{ code: number; killed: boolean; stdout: string; stderr: string }> {
  const run = promisify(execFile)(process.execPath, ['--import', 'tsx', file], {
    env: { ...process.env, ...env },
    timeout: timeoutMs,
  });
  try {
    const { stdout, stderr } = await run;
    return { code: 0, killed: false, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; killed: boolean; stdout: string; stderr: string };
    return { code: failed.code, killed: failed.killed, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The server as `npm run api` runs it, with the given environment; what it printed and how it ended. */
function serve(env: Record<string, string>) {
  return runAlone('src/platform/server.ts', { PORT: '0', ...env });
}

const through = (url: string, forwarder: TcpForwarder) => {
  const forwarded = new URL(url);
  forwarded.hostname = '127.0.0.1';
  forwarded.port = String(forwarder.port);
  return forwarded.toString();
};
const target = (url: string, defaultPort: number) => ({
  host: new URL(url).hostname,
  port: Number(new URL(url).port || defaultPort),
});

/** The server started with a store at a port nothing listens on: that port, what it printed and how it ended. */
async function refusedStart(variable: string, scheme: string) {
  const port = await closedPort();
  return { port, ...(await serve({ [variable]: `${scheme}://user:secret-password@127.0.0.1:${port}/x` })) };
}

// Both servers start as this file loads, side by side: each is a Node process of its own that loads the whole app, so
// in the unit process (test/unit.ts) they run beside the files before this one instead of being waited for here.
const stores = [
  ['Redis', 'REDIS_URL', 'redis'],
  ['Postgres', 'DATABASE_URL', 'postgres'],
] as const;
const starts = stores.map(([, variable, scheme]) => refusedStart(variable, scheme));
for (const start of starts) start.catch(() => undefined); // not unhandled before its test awaits it

describe('a store refusing at start', () => {
  stores.forEach(([store, variable], i) => {
    it(`${store} refused: one clear line naming it and where, and exit code 1`, async () => {
      const { port, code, stdout, stderr } = await starts[i]!;
      assert.equal(code, 1);
      const lines = stdout.trim().split('\n');
      assert.equal(lines.length, 1, stdout);
      assert.match(
        (JSON.parse(lines[0]!) as { msg: string }).msg,
        new RegExp(
          `^martbook API could not start: ${store} at 127\\.0\\.0\\.1:${port} cannot be reached \\(ECONNREFUSED\\); check ${variable}`,
        ),
      );
      assert.doesNotMatch(stdout + stderr, /secret-password|\n\s+at /);
    });
  });
});

describe('Redis lost while running', () => {
  let REDIS_URL: string;
  let forwarder: TcpForwarder;
  let closeServer: () => Promise<void>;
  before(async () => {
    const server = await redisServer();
    REDIS_URL = server.url;
    closeServer = () => server.close();
    forwarder = new TcpForwarder(target(REDIS_URL, 6379));
    await forwarder.start();
  });
  after(async () => {
    await forwarder.close();
    await closeServer();
  });

  it('fails commands at once, logs the loss once and the return once, and never prints an unhandled error event', async (t) => {
    const printed = t.mock.method(console, 'error', () => undefined);
    const { logger, said } = capturedLogger();
    const redis = await openRedis(through(REDIS_URL, forwarder), {
      commandTimeoutMs: 250,
      reconnectMaxDelayMs: 20,
      logger,
    });
    try {
      await forwarder.cut();
      let attempts = 0;
      redis.on('reconnecting', () => attempts++);
      while (attempts < 5) await assert.rejects(redis.ping(), (error) => isRedisUnreachable(error));
      assert.equal(said('Redis connection lost'), 1);
      const back = new Promise((resolve) => redis.once('ready', resolve));
      await forwarder.restore();
      await back;
      assert.equal(await redis.ping(), 'PONG');
      assert.equal(said('Redis connection back'), 1);
      assert.deepEqual(
        printed.mock.calls.filter((call) => String(call.arguments[0]).includes('Unhandled error event')),
        [],
      );
    } finally {
      redis.disconnect();
    }
  });

  it('closes a connection with QUIT while Redis answers, and at once while it is lost, where QUIT fails', async () => {
    const answering = await openRedis(through(REDIS_URL, forwarder));
    const ended = new Promise((resolve) => answering.once('end', resolve));
    await closeRedis(answering);
    await ended; // Redis closed the connection after its OK to QUIT
    const lost = await openRedis(through(REDIS_URL, forwarder), { reconnectMaxDelayMs: 20 });
    try {
      const reconnecting = new Promise((resolve) => lost.once('reconnecting', resolve));
      await forwarder.cut();
      await reconnecting;
      await assert.rejects(lost.quit(), (error) => isRedisUnreachable(error));
      await closeRedis(lost); // that it then stops reconnecting, the process of the fixture below shows by ending
    } finally {
      lost.disconnect();
      await forwarder.restore();
    }
  });

  it('leaves a connection that gave up reconnecting as it is: closing it again would hold the process for 2 s', async () => {
    const ended = new Redis({ port: await closedPort(), lazyConnect: true, retryStrategy: () => null });
    ended.on('error', () => undefined);
    await assert.rejects(ended.connect());
    assert.equal(ended.status, 'end');
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const before = timers();
    await closeRedis(ended);
    assert.equal(timers(), before, "ioredis's 2 s disconnect timer was started for a socket closed already");
  });

  it('gives up on a command Redis does not answer after the command timeout', async () => {
    const redis = await openRedis(through(REDIS_URL, forwarder), { commandTimeoutMs: 250 });
    try {
      forwarder.stall();
      await assert.rejects(
        redis.ping(),
        (error: Error) => /Command timed out/.test(error.message) && isRedisUnreachable(error),
      );
    } finally {
      redis.disconnect();
      await forwarder.restore();
    }
  });
});

/** How long a process that closed everything it opened may take to end (it loads the app's modules first). */
const ENDS_WITHIN_MS = 30_000;

// Started as this file loads, as the servers above are: a process of its own (see the fixture) whose Redis is lost
// before its search breaker shuts down. It ends by itself, or is stopped at the bound and the test says what it kept open.
// Its stand-in Redis runs in it too: this process, busy with other files meanwhile, could not answer in time.
const breakerEnding = runAlone(
  'test/fixtures/storage-outage/breaker-closes-while-redis-is-lost.ts',
  { KEY_PREFIX: `martbook-test-${randomUUID()}:` },
  ENDS_WITHIN_MS,
);
breakerEnding.catch(() => undefined); // not unhandled before its test awaits it

/** Resolves once a connection to the port is accepted, rejects when it is refused. */
const connecting = (port: number) =>
  new Promise<void>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });

describe('ending while the storage is lost', () => {
  it('a breaker that cannot reach its shared state still stops listening when it shuts down or crashes', async () => {
    const hub = new InProcessBreakerHub();
    let closed = 0;
    const unreachable = (): BreakerStateBus => ({
      ...hub.connect(),
      report: () => Promise.reject(new Error('unreachable')),
      retire: () => Promise.reject(new Error('unreachable')),
      close: async () => void closed++,
    });
    const policy = loadConfig({}).search.breaker;
    const silent = createLogger('silent');
    await new SharedBreaker('ai-search', 'leaving', policy, new FakeClock(), unreachable(), silent).close();
    assert.equal(closed, 1, 'a graceful shutdown left its listener open');
    const crashing = new SharedBreaker('ai-search', 'crashing', policy, new FakeClock(), unreachable(), silent);
    await crashing.start(); // its status line cannot be written: it judges alone from here on
    await crashing.stopListening();
    assert.equal(closed, 2, 'a crash left its listener open');
  });

  it('a process whose Redis was lost ends once its breaker and connections are closed, instead of reconnecting for ever', async () => {
    const { code, killed, stdout, stderr } = await breakerEnding;
    assert.equal(killed, false, `still running ${ENDS_WITHIN_MS} ms after it closed everything:\n${stderr}`);
    assert.equal(code, 0, stdout + stderr);
  });

  it('a forwarder closed for good listens no more, not even for a restore under way or asked for later', async () => {
    const forwarder = new TcpForwarder({ host: '127.0.0.1', port: await closedPort() });
    await forwarder.start();
    try {
      await forwarder.cut();
      const late = forwarder.restore();
      await forwarder.close();
      await assert.rejects(late, /was closed while it started listening again/);
      await assert.rejects(forwarder.restore(), /was closed; it does not listen again/);
      await assert.rejects(connecting(forwarder.port), { code: 'ECONNREFUSED' });
    } finally {
      await forwarder.cut(); // a server listening again would keep the test process running
    }
  });
});

describe(
  'Postgres lost while running',
  { skip: !process.env.DATABASE_URL && 'set DATABASE_URL (npm run test:real) to run against a real Postgres' },
  () => {
    const forwarder = new TcpForwarder(target(DATABASE_URL, 5432));
    before(() => forwarder.start());
    after(() => forwarder.close());

    it('answers 503 STORAGE_UNAVAILABLE, logs the loss once, and works again when it returns', async () => {
      const { logger, said } = capturedLogger();
      const db = await openDatabase({ url: through(DATABASE_URL, forwarder), logger });
      try {
        assert.deepEqual(await db.query('SELECT 1 AS one'), [{ one: 1 }]);
        await forwarder.cut();
        for (let i = 0; i < 3; i++) {
          await assert.rejects(
            db.query('SELECT 1'),
            (error) => error instanceof DomainError && error.status === 503 && error.code === 'STORAGE_UNAVAILABLE',
          );
          await assert.rejects(
            db.transaction((tx) => tx.query('SELECT 1')),
            (error) => error instanceof DomainError && error.code === 'STORAGE_UNAVAILABLE',
          );
        }
        assert.equal(said('Postgres connection lost'), 1);
        await forwarder.restore();
        assert.deepEqual(await db.query('SELECT 1 AS one'), [{ one: 1 }]);
        assert.equal(said('Postgres connection back'), 1);
      } finally {
        await db.close();
      }
    });
  },
);
