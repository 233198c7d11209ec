import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { DomainError } from '../src/platform/errors.ts';
import { openDatabase } from '../src/platform/database.ts';
import { createLogger } from '../src/platform/logger.ts';
import { isRedisUnreachable, openRedis } from '../src/platform/redis.ts';
import { LogCapture } from '../steps/support/log-capture.ts';
import { TcpForwarder } from '../steps/support/tcp-forwarder.ts';

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

/** The server as `npm run api` runs it, with the given environment; what it printed and how it ended. */
async function serve(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/platform/server.ts'], {
    env: { ...process.env, PORT: '0', ...env },
    timeout: 60_000,
  });
  try {
    const { stdout, stderr } = await run;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
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

/** Enough of a Redis server for a client to connect and ping (the real one with REDIS_URL). */
async function redisServer(): Promise<{ url: string; close(): Promise<void> }> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, close: async () => undefined };
  const info = 'loading:0\r\n';
  const server = net.createServer((socket) =>
    socket.on('data', (chunk: Buffer) => {
      for (const [, name] of chunk.toString().matchAll(/\*\d+\r\n\$\d+\r\n(\w+)\r\n/g)) {
        const command = name!.toLowerCase();
        socket.write(
          command === 'info' ? `$${info.length}\r\n${info}\r\n` : command === 'ping' ? '+PONG\r\n' : '+OK\r\n',
        );
      }
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { url: `redis://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

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
