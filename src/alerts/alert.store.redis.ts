import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { MINUTE } from '../platform/clock.ts';
import type { AlertChannel, AlertStore, AppendRule, BufferedAlert } from './alert.store.ts';

/*
 * Per channel: `buffer` and `in-flight` lists (oldest at the head) of alerts as JSON (`{ line, repeats,
 * collapseKey? }`), a `dropped` counter, an `open` hash (collapse key → request id of the buffered alert that
 * takes its repeats) and a `repeats` hash (request id → repeats not yet in its JSON), a `lock` hash (owner, expires_at by the injected clock), a `sent`
 * sorted set (one member per booked message, scored by its time) and `paused-until`. Every step that moves
 * alerts, counts them or checks the lock is one Lua script, so no instance ever sees a half-move.
 */
const LOCK_HELD = `local function held() return redis.call('HGET', KEYS[3], 'owner') == ARGV[1] end`;
const RETURN_IN_FLIGHT = `while redis.call('LMOVE', KEYS[2], KEYS[1], 'RIGHT', 'LEFT') do end`;

const SCRIPTS = {
  /**
   * KEYS buffer, in-flight, dropped, open, repeats. ARGV alert JSON, collapse key ('' for none), repeats, max lines,
   * request id. A buffered alert open for the key takes the repeats; else the alert is buffered, or counted as dropped.
   */
  alertAppend: {
    keys: 5,
    lua: `
if ARGV[2] ~= '' then
  local open = redis.call('HGET', KEYS[4], ARGV[2])
  if open then
    redis.call('HINCRBY', KEYS[5], open, ARGV[3])
    return 'collapsed'
  end
end
if redis.call('LLEN', KEYS[1]) + redis.call('LLEN', KEYS[2]) >= tonumber(ARGV[4]) then
  redis.call('INCRBY', KEYS[3], ARGV[3])
  return 'dropped'
end
redis.call('RPUSH', KEYS[1], ARGV[1])
if ARGV[2] ~= '' then redis.call('HSET', KEYS[4], ARGV[2], ARGV[5]) end
return 'buffered'`,
  },
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
  /**
   * KEYS buffer, in-flight, lock, dropped, open, repeats. ARGV owner, max lines. Returns { in-flight alerts, dropped }.
   * An alert taken into flight is closed (later repeats start a new one) and carries its repeats in its JSON.
   */
  alertTake: {
    keys: 6,
    lua: `${LOCK_HELD}
if not held() then return {{}, 0} end
${RETURN_IN_FLIGHT}
for _ = 1, tonumber(ARGV[2]) do
  local moved = redis.call('LMOVE', KEYS[1], KEYS[2], 'LEFT', 'RIGHT')
  if not moved then break end
  local alert = cjson.decode(moved)
  if alert.collapseKey then
    local id = alert.line.requestId
    if redis.call('HGET', KEYS[5], alert.collapseKey) == id then redis.call('HDEL', KEYS[5], alert.collapseKey) end
    local extra = redis.call('HGET', KEYS[6], id)
    if extra then
      redis.call('HDEL', KEYS[6], id)
      alert.repeats = alert.repeats + tonumber(extra)
      redis.call('LSET', KEYS[2], -1, cjson.encode(alert))
    end
  end
end
return {redis.call('LRANGE', KEYS[2], 0, -1), tonumber(redis.call('GET', KEYS[4]) or '0')}`,
  },
  /** KEYS buffer, in-flight, lock, dropped. ARGV owner, accepted count, dropped count reported. */
  alertSettle: {
    keys: 4,
    lua: `${LOCK_HELD}
if not held() then return 0 end
if tonumber(ARGV[2]) > 0 then redis.call('LTRIM', KEYS[2], ARGV[2], -1) end
if tonumber(ARGV[3]) > 0 then redis.call('DECRBY', KEYS[4], ARGV[3]) end
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

  async append(channel: AlertChannel, alert: BufferedAlert, { collapseKey, maxLines }: AppendRule) {
    const keys = ['buffer', 'in-flight', 'dropped', 'open', 'repeats'].map((part) => this.#key(channel, part));
    const json = JSON.stringify({ ...alert, collapseKey });
    await this.#scripts.alertAppend(...keys, json, collapseKey ?? '', alert.repeats, maxLines, alert.line.requestId);
  }

  async countDropped(channel: AlertChannel, count: number) {
    await this.redis.incrby(this.#key(channel, 'dropped'), count);
  }

  async acquireFlush(channel: AlertChannel, owner: string, now: number, ttlMs: number) {
    return (await this.#scripts.alertAcquire(this.#key(channel, 'lock'), owner, now, ttlMs)) === 1;
  }

  async releaseFlush(channel: AlertChannel, owner: string) {
    await this.#scripts.alertRelease(this.#key(channel, 'lock'), owner);
  }

  async take(channel: AlertChannel, owner: string, max: number) {
    const keys = [...this.#lineKeys(channel), this.#key(channel, 'open'), this.#key(channel, 'repeats')];
    const [alerts, dropped] = (await this.#scripts.alertTake(...keys, owner, max)) as [string[], number];
    return { alerts: alerts.map(parse), dropped };
  }

  async settle(channel: AlertChannel, owner: string, accepted: number, reportedDropped: number) {
    await this.#scripts.alertSettle(...this.#lineKeys(channel), owner, accepted, reportedDropped);
  }

  async bookMessage(channel: AlertChannel, now: number, perMinute: number) {
    const keys = [this.#key(channel, 'sent'), this.#key(channel, 'paused-until')];
    return Number(await this.#scripts.alertBook(...keys, now, perMinute, MINUTE, randomUUID()));
  }

  async pauseUntil(channel: AlertChannel, until: number) {
    await this.#scripts.alertPause(this.#key(channel, 'paused-until'), until);
  }

  async lines(channel: AlertChannel) {
    const read = await this.redis
      .multi()
      .lrange(this.#key(channel, 'buffer'), 0, -1)
      .lrange(this.#key(channel, 'in-flight'), 0, -1)
      .get(this.#key(channel, 'dropped'))
      .hgetall(this.#key(channel, 'repeats'))
      .exec();
    const [buffered, inFlight, dropped, extra] = (read ?? []).map(([error, value]) => {
      if (error) throw error;
      return value;
    }) as [string[], string[], string | null, Record<string, string>];
    const withExtra = (alert: BufferedAlert) => ({
      ...alert,
      repeats: alert.repeats + Number(extra[alert.line.requestId] ?? 0),
    });
    return {
      buffered: buffered.map(parse).map(withExtra),
      inFlight: inFlight.map(parse),
      dropped: Number(dropped ?? 0),
    };
  }

  #lineKeys(channel: AlertChannel): [string, string, string, string] {
    return [
      this.#key(channel, 'buffer'),
      this.#key(channel, 'in-flight'),
      this.#key(channel, 'lock'),
      this.#key(channel, 'dropped'),
    ];
  }

  #key(channel: AlertChannel, part: string) {
    return `${this.prefix}alerts:${channel}:${part}`;
  }
}

/** An alert as stored, without its collapse key. */
function parse(text: string): BufferedAlert {
  const { line, repeats } = JSON.parse(text) as BufferedAlert;
  return { line, repeats };
}
