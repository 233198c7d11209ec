import { Redis, ReplyError } from 'ioredis';
import type { Logger } from './logger.ts';
import { connectionFailure as describe, UnreachableAtStart } from './unreachable.ts';

export interface RedisOptions {
  /** How long one command may take before it fails (the connection may be up while Redis does not answer). */
  commandTimeoutMs: number;
  /** How long opening a connection may take. */
  connectTimeoutMs: number;
  /** Longest wait between two reconnection attempts while Redis is lost. */
  reconnectMaxDelayMs: number;
  /** Where the connection's losses and returns are logged, once per outage. */
  logger?: Logger | undefined;
}

export const REDIS_DEFAULTS: RedisOptions = {
  commandTimeoutMs: 1_000,
  connectTimeoutMs: 1_000,
  reconnectMaxDelayMs: 2_000,
};

/**
 * Opens a Redis connection and waits until it answers, so a wrong `REDIS_URL` fails at start, not mid-request.
 * Once open, a lost Redis fails commands fast instead of queueing them: nothing waits for a reconnection
 * (no offline queue, no retry), and a command unanswered for `commandTimeoutMs` fails. Commands lost with a
 * connection are not sent again after it returns (a cart change must not apply twice). Reconnection goes on
 * in the background; the loss and the return are each logged once.
 */
export async function openRedis(url: string, options: Partial<RedisOptions> = {}): Promise<Redis> {
  const { commandTimeoutMs, connectTimeoutMs, reconnectMaxDelayMs, logger } = { ...REDIS_DEFAULTS, ...options };
  const redis = new Redis(url, {
    lazyConnect: true,
    enableAutoPipelining: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: commandTimeoutMs,
    connectTimeout: connectTimeoutMs,
    retryStrategy: (attempt) => Math.min(attempt * 100, reconnectMaxDelayMs),
  });
  const where = `${redis.options.host ?? '?'}:${redis.options.port ?? '?'}`;
  let refusal: unknown;
  redis.on('error', (error) => (refusal ??= error)); // a failed start is reported once, below
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const reason = describe(refusal ?? error);
    throw new UnreachableAtStart(
      `Redis at ${where} cannot be reached (${reason}); check REDIS_URL and that Redis is running.`,
      { cause: error },
    );
  }
  watchConnection(redis, where, logger);
  return redis;
}

/** Logs a lost connection once (not at every reconnection attempt) and its return once. */
function watchConnection(redis: Redis, where: string, logger: Logger | undefined): void {
  let lost = false;
  const lose = (error?: unknown) => {
    if (lost) return;
    lost = true;
    logger?.error(
      { redis: where, reason: error === undefined ? 'connection closed' : describe(error) },
      'Redis connection lost; requests that need it are refused until it is back',
    );
  };
  // Without a listener, every failed reconnection attempt would print "[ioredis] Unhandled error event".
  redis.on('error', lose);
  redis.on('reconnecting', () => lose());
  redis.on('ready', () => {
    if (!lost) return;
    lost = false;
    logger?.info({ redis: where }, 'Redis connection back');
  });
}

/**
 * Closes a connection: with QUIT while Redis answers (what was sent before is answered first), at once while it is
 * lost. QUIT on a lost connection fails (no offline queue), and a shutdown must not fail or wait for Redis. One that
 * ended already (it gave up reconnecting) is left alone: ending its closed socket again would keep the process
 * alive for ioredis's disconnect timeout (2 s), as the socket's close, which clears that timer, came before.
 */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status === 'ready') {
    const quit = await redis.quit().catch(() => undefined); // lost between the look and the QUIT
    if (quit) return;
  }
  redis.disconnect();
}

const UNREACHABLE =
  /Stream isn't writeable|Command timed out|Connection is closed|max retries per request|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH/;
const NOT_SERVING = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN)\b/;

/** True when a Redis command failed because Redis could not be reached or did not answer, not because it refused the command. */
export function isRedisUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error instanceof ReplyError ? NOT_SERVING.test(error.message) : UNREACHABLE.test(error.message);
}

export type { Redis };
