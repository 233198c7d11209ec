import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { MINUTE } from '../platform/clock.ts';
import type { AlertChannel, AlertStore } from './alert.store.ts';

/*
 * Per channel: `buffer` and `in-flight` lists (oldest at the head), a `lock` hash (owner, expires_at by the
 * injected clock), a `sent` sorted set (one member per booked message, scored by its time) and `paused-until`.
 * Every step that moves lines or checks the lock is one Lua script, so no instance ever sees a half-move.
 */
const LOCK_HELD = `local function held() return redis.call('HGET', KEYS[3], 'owner') == ARGV[1] end`;
const RETURN_IN_FLIGHT = `while redis.call('LMOVE', KEYS[2], KEYS[1], 'RIGHT', 'LEFT') do end`;

const SCRIPTS = {
  /** KEYS lock. ARGV owner, now, ttl ms. */
  alertAcquire: {
    keys: 1,
    lua: `
local owner = redis.call('HGET', KEYS[1], 'owner')
local expires = tonumber(redis.call('HGET', KEYS[1], 'expires_at') or '0')
if owner and owner ~= ARGV[1] and expires > tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'expires_at', tonumber(ARGV[2]) + tonumber(ARGV[3]))
return 1`,
  },
  /** KEYS lock. ARGV owner. */
  alertRelease: {
    keys: 1,
    lua: `if redis.call('HGET', KEYS[1], 'owner') == ARGV[1] then redis.call('DEL', KEYS[1]) end return 1`,
  },
  /** KEYS buffer, in-flight, lock. ARGV owner, max lines. */
  alertTake: {
    keys: 3,
    lua: `${LOCK_HELD}
if not held() then return {} end
${RETURN_IN_FLIGHT}
for _ = 1, tonumber(ARGV[2]) do
  if not redis.call('LMOVE', KEYS[1], KEYS[2], 'LEFT', 'RIGHT') then break end
end
return redis.call('LRANGE', KEYS[2], 0, -1)`,
  },
  /** KEYS buffer, in-flight, lock. ARGV owner, accepted count. */
  alertSettle: {
    keys: 3,
    lua: `${LOCK_HELD}
if not held() then return 0 end
if tonumber(ARGV[2]) > 0 then redis.call('LTRIM', KEYS[2], ARGV[2], -1) end
${RETURN_IN_FLIGHT}
return 1`,
  },
  /** KEYS sent, paused-until. ARGV now, per minute, window ms, member. */
  alertBook: {
    keys: 2,
    lua: `
local now = tonumber(ARGV[1])
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused > now then return paused end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[3]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]) + tonumber(ARGV[3])
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
return 0`,
  },
  /** KEYS paused-until. ARGV until. */
  alertPause: {
    keys: 1,
    lua: `if tonumber(redis.call('GET', KEYS[1]) or '0') < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end return 1`,
  },
} as const;

type Command = (...keysThenArgs: (string | number)[]) => Promise<unknown>;
type ScriptRunner = Record<keyof typeof SCRIPTS, Command>;

export class RedisAlertStore implements AlertStore {
  readonly #scripts: ScriptRunner;

  /** @param prefix namespaces every key (one per environment, or per test scenario). */
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'martbook:',
  ) {
    for (const [name, { keys, lua }] of Object.entries(SCRIPTS)) {
      if (!(name in redis)) redis.defineCommand(name, { numberOfKeys: keys, lua });
    }
    this.#scripts = redis as unknown as ScriptRunner;
  }

  async append(channel: AlertChannel, line: string) {
    await this.redis.rpush(this.#key(channel, 'buffer'), line);
  }

  async acquireFlush(channel: AlertChannel, owner: string, now: number, ttlMs: number) {
    return (await this.#scripts.alertAcquire(this.#key(channel, 'lock'), owner, now, ttlMs)) === 1;
  }

  async releaseFlush(channel: AlertChannel, owner: string) {
    await this.#scripts.alertRelease(this.#key(channel, 'lock'), owner);
  }

  async take(channel: AlertChannel, owner: string, max: number) {
    return (await this.#scripts.alertTake(...this.#lineKeys(channel), owner, max)) as string[];
  }

  async settle(channel: AlertChannel, owner: string, accepted: number) {
    await this.#scripts.alertSettle(...this.#lineKeys(channel), owner, accepted);
  }

  async bookMessage(channel: AlertChannel, now: number, perMinute: number) {
    const keys = [this.#key(channel, 'sent'), this.#key(channel, 'paused-until')];
    return Number(await this.#scripts.alertBook(...keys, now, perMinute, MINUTE, randomUUID()));
  }

  async pauseUntil(channel: AlertChannel, until: number) {
    await this.#scripts.alertPause(this.#key(channel, 'paused-until'), until);
  }

  async lines(channel: AlertChannel) {
    const [buffered, inFlight] = await Promise.all([
      this.redis.lrange(this.#key(channel, 'buffer'), 0, -1),
      this.redis.lrange(this.#key(channel, 'in-flight'), 0, -1),
    ]);
    return { buffered, inFlight };
  }

  #lineKeys(channel: AlertChannel): [string, string, string] {
    return [this.#key(channel, 'buffer'), this.#key(channel, 'in-flight'), this.#key(channel, 'lock')];
  }

  #key(channel: AlertChannel, part: string) {
    return `${this.prefix}alerts:${channel}:${part}`;
  }
}
