import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { closeRedis } from '../platform/redis.ts';
import type { BreakerSnapshot, InstanceOutcome, JudgedFigures } from './breaker.ts';
import type { BreakerStateBus, InstanceBreakerView, TransitionListener } from './breaker-bus.ts';

/*
 * Keys, under the app's prefix: `breaker:<name>:state` (the current snapshot, JSON, for late joiners),
 * `breaker:<name>:window` (list of the last calls' outcomes, newest first, `instance|failed|slow`), `breaker:<name>:probe` (hash: owner, expires_at
 * by the injected clock), `breaker:views` (hash: breaker/instance → view JSON). Transitions are published on
 * the channel `breaker:transitions`, listened to on a connection of its own (a subscribed connection can do
 * nothing else). An echo is a marker published on the same channel: Redis delivers a channel's messages to each
 * subscriber in the order it ran the PUBLISH commands, so the marker comes back after every earlier transition.
 */
const ACQUIRE = `
local owner = redis.call('HGET', KEYS[1], 'owner')
local expires = tonumber(redis.call('HGET', KEYS[1], 'expires_at') or '0')
if owner and owner ~= ARGV[1] and expires > tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'expires_at', tonumber(ARGV[2]) + tonumber(ARGV[3]))
return 1`;
/** KEYS window. ARGV outcome, size. Pushes, trims and counts in one step, so every instance judges the same window. */
const RECORD = `
redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
local items = redis.call('LRANGE', KEYS[1], 0, -1)
local failures, slow, instances, seen = 0, 0, 0, {}
for _, item in ipairs(items) do
  local instance, failed, slowed = string.match(item, '^(.*)|(%d)|(%d)$')
  if failed == '1' then failures = failures + 1 end
  if slowed == '1' then slow = slow + 1 end
  if (failed == '1' or slowed == '1') and not seen[instance] then seen[instance] = true; instances = instances + 1 end
end
return {#items, failures, slow, instances}`;
const RELEASE = `if redis.call('HGET', KEYS[1], 'owner') == ARGV[1] then redis.call('DEL', KEYS[1]) end return 1`;

type Message = { breaker: string; snapshot: BreakerSnapshot } | { echo: string };

interface PendingEcho {
  heard: () => void;
  refused: (error: Error) => void;
}

export class RedisBreakerBus implements BreakerStateBus {
  #subscriber: Redis | undefined;
  /** This bus's echoes on their way, by marker; other instances' markers are not in it and are ignored. */
  readonly #echoes = new Map<string, PendingEcho>();

  /** @param prefix namespaces every key and the channel (one per environment, or per test scenario). */
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'martbook:',
  ) {}

  get #channel() {
    return `${this.prefix}breaker:transitions`;
  }

  async subscribe(listener: TransitionListener): Promise<void> {
    // Its subscription waits for the connection (the shared one fails fast instead of queueing); it subscribes
    // again itself on every (re)connection, below, because ioredis's own resubscription leaves its failures unhandled.
    const subscriber = this.redis.duplicate({ enableOfflineQueue: true, autoResubscribe: false });
    subscriber.on('error', () => undefined); // the breaker notices through its own calls and logs once
    this.#subscriber = subscriber;
    subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.#channel) return;
      const message = JSON.parse(text) as Message;
      if ('echo' in message) this.#echoes.get(message.echo)?.heard();
      else listener(message.breaker, message.snapshot);
    });
    // Subscribing again on every (re)connection is harmless, and covers a Redis that was down at start.
    subscriber.on('ready', () => void subscriber.subscribe(this.#channel).catch(() => undefined));
    await subscriber.subscribe(this.#channel);
  }

  async publish(breaker: string, snapshot: BreakerSnapshot): Promise<void> {
    const message: Message = { breaker, snapshot };
    await this.redis
      .multi()
      .set(this.#key(breaker, 'state'), JSON.stringify(snapshot))
      .publish(this.#channel, JSON.stringify(message))
      .exec();
  }

  async echo(): Promise<void> {
    if (!this.#subscriber) throw new Error('this bus is not listening');
    const marker = randomUUID();
    const back = new Promise<void>((heard, refused) => this.#echoes.set(marker, { heard, refused }));
    try {
      await Promise.all([this.redis.publish(this.#channel, JSON.stringify({ echo: marker } satisfies Message)), back]);
    } finally {
      this.#echoes.delete(marker);
    }
  }

  async current(breaker: string): Promise<BreakerSnapshot | undefined> {
    const text = await this.redis.get(this.#key(breaker, 'state'));
    return text ? (JSON.parse(text) as BreakerSnapshot) : undefined;
  }

  async record(breaker: string, outcome: InstanceOutcome, size: number): Promise<JudgedFigures> {
    const item = `${outcome.instance}|${outcome.failed ? 1 : 0}|${outcome.slow ? 1 : 0}`;
    const [calls, failures, slowCalls, troubledInstances] = (await this.redis.eval(
      RECORD,
      1,
      this.#key(breaker, 'window'),
      item,
      size,
    )) as number[];
    return {
      calls: Number(calls),
      failures: Number(failures),
      slowCalls: Number(slowCalls),
      troubledInstances: Number(troubledInstances),
    };
  }

  async clearWindow(breaker: string): Promise<void> {
    await this.redis.del(this.#key(breaker, 'window'));
  }

  async acquireProbe(breaker: string, instance: string, now: number, ttlMs: number): Promise<boolean> {
    return (await this.redis.eval(ACQUIRE, 1, this.#key(breaker, 'probe'), instance, now, ttlMs)) === 1;
  }

  async releaseProbe(breaker: string, instance: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.#key(breaker, 'probe'), instance);
  }

  async report(view: InstanceBreakerView): Promise<void> {
    await this.redis.hset(`${this.prefix}breaker:views`, `${view.breaker}/${view.instance}`, JSON.stringify(view));
  }

  async views(): Promise<InstanceBreakerView[]> {
    const values = await this.redis.hvals(`${this.prefix}breaker:views`);
    return values.map((text) => JSON.parse(text) as InstanceBreakerView);
  }

  async retire(breaker: string, instance: string): Promise<void> {
    await this.redis.hdel(`${this.prefix}breaker:views`, `${breaker}/${instance}`);
  }

  async close(): Promise<void> {
    const subscriber = this.#subscriber;
    this.#subscriber = undefined;
    if (subscriber) await closeRedis(subscriber);
    for (const echo of this.#echoes.values()) echo.refused(new Error('this bus stopped listening'));
  }

  #key(breaker: string, part: string) {
    return `${this.prefix}breaker:${breaker}:${part}`;
  }
}
