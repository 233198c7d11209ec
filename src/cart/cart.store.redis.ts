import type { Redis } from 'ioredis';
import type { CustomerId } from '../platform/auth.ts';
import type { MartId, ProductId } from '../catalog/catalog.types.ts';
import type { CartPolicyConfig } from './cart.config.ts';
import { isRedisUnreachable } from '../platform/redis.ts';
import {
  cartStorageUnavailable,
  TAKE_OUT_MEMORY_MS,
  type CartKey,
  type CartRefusal,
  type CartStore,
  type CartWrite,
  type StoredCart,
} from './cart.store.ts';

/*
 * One hash per customer per mart: field `p:<productId>` holds a quantity, field `expires_at` the policy expiry
 * (by the injected clock); the key also carries a real Redis expiry of the same length. A set per customer
 * indexes their marts. Each change is one Lua script — checked, applied and renewed atomically; a cart is never
 * deleted and rewritten, which is what once made carts vanish for readers landing in between.
 *
 * KEYS[1] cart hash, KEYS[2] customer index. ARGV[1] now, ARGV[2] ttl ms, ARGV[3] mart id, then per script.
 * A take-out also names KEYS[3], the order's take-out mark: set once, it makes a repeated take-out a no-op.
 */
const PRELUDE = `
local now, ttl = tonumber(ARGV[1]), tonumber(ARGV[2])
local exp = tonumber(redis.call('HGET', KEYS[1], 'expires_at'))
if exp and exp <= now then redis.call('DEL', KEYS[1]) end
local function touch()
  redis.call('HSET', KEYS[1], 'expires_at', now + ttl)
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('SADD', KEYS[2], ARGV[3])
  redis.call('PEXPIRE', KEYS[2], ttl)
  return 'OK'
end
local function line_count() return redis.call('HLEN', KEYS[1]) - redis.call('HEXISTS', KEYS[1], 'expires_at') end
`;

const SCRIPTS = {
  /** ARGV[4] field, ARGV[5] quantity to add, ARGV[6] max quantity, ARGV[7] max lines */
  cartAdd: `${PRELUDE}
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[4]) or '0')
if current == 0 and line_count() >= tonumber(ARGV[7]) then return 'LINE_LIMIT' end
if current + tonumber(ARGV[5]) > tonumber(ARGV[6]) then return 'QUANTITY_LIMIT' end
redis.call('HINCRBY', KEYS[1], ARGV[4], ARGV[5])
return touch()`,
  /** ARGV[4] field, ARGV[5] new quantity, ARGV[6] max quantity */
  cartSet: `${PRELUDE}
if redis.call('HEXISTS', KEYS[1], ARGV[4]) == 0 then return 'LINE_NOT_FOUND' end
if tonumber(ARGV[5]) > tonumber(ARGV[6]) then return 'QUANTITY_LIMIT' end
redis.call('HSET', KEYS[1], ARGV[4], ARGV[5])
return touch()`,
  /** ARGV[4] field */
  cartRemove: `${PRELUDE}
if redis.call('HDEL', KEYS[1], ARGV[4]) == 0 then return 'LINE_NOT_FOUND' end
if line_count() == 0 then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[2], ARGV[3])
  return 'OK'
end
return touch()`,
  /** ARGV[4] how long the mark is kept (ms), ARGV[5..] pairs of field and quantity to take out */
  cartTakeOut: `${PRELUDE}
if not redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[4]) then return 'OK' end
if redis.call('EXISTS', KEYS[1]) == 0 then return 'OK' end
for i = 5, #ARGV, 2 do
  local left = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0') - tonumber(ARGV[i + 1])
  if left > 0 then redis.call('HSET', KEYS[1], ARGV[i], left) else redis.call('HDEL', KEYS[1], ARGV[i]) end
end
if line_count() == 0 then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[2], ARGV[3])
  return 'OK'
end
return touch()`,
} as const;

type ScriptName = keyof typeof SCRIPTS;
/** Every script names the cart and the customer's index; a take-out also its order's mark. */
const KEY_COUNT: Partial<Record<ScriptName, number>> = { cartTakeOut: 3 };
type ScriptRunner = Record<ScriptName, (cart: string, index: string, ...args: (string | number)[]) => Promise<string>>;

const FIELD_PREFIX = 'p:';

export class RedisCartStore implements CartStore {
  readonly #scripts: ScriptRunner;

  /** @param prefix namespaces every key (one per environment, or per test scenario). */
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'martbook:',
  ) {
    for (const [name, lua] of Object.entries(SCRIPTS)) {
      if (!(name in redis)) redis.defineCommand(name, { numberOfKeys: KEY_COUNT[name as ScriptName] ?? 2, lua });
    }
    this.#scripts = redis as unknown as ScriptRunner;
  }

  add(key: CartKey, productId: ProductId, quantity: number, policy: CartPolicyConfig, now: number) {
    return this.#run(
      'cartAdd',
      key,
      policy,
      now,
      FIELD_PREFIX + productId,
      quantity,
      policy.maxQuantity,
      policy.maxLines,
    );
  }

  setQuantity(key: CartKey, productId: ProductId, quantity: number, policy: CartPolicyConfig, now: number) {
    return this.#run('cartSet', key, policy, now, FIELD_PREFIX + productId, quantity, policy.maxQuantity);
  }

  removeLine(key: CartKey, productId: ProductId, policy: CartPolicyConfig, now: number) {
    return this.#run('cartRemove', key, policy, now, FIELD_PREFIX + productId);
  }

  async takeOut(
    key: CartKey,
    orderId: string,
    quantities: ReadonlyMap<ProductId, number>,
    policy: CartPolicyConfig,
    now: number,
  ) {
    const pairs = [...quantities].flatMap(([productId, quantity]) => [FIELD_PREFIX + productId, quantity]);
    const mark = `${this.prefix}taken-out:${orderId}`;
    await reach(() =>
      this.#scripts.cartTakeOut(
        this.#cartKey(key),
        this.#indexKey(key.customerId),
        mark,
        now,
        policy.ttlMs,
        key.martId,
        TAKE_OUT_MEMORY_MS,
        ...pairs,
      ),
    );
  }

  async clear(key: CartKey) {
    await reach(() =>
      this.redis.multi().del(this.#cartKey(key)).srem(this.#indexKey(key.customerId), key.martId).exec(),
    );
  }

  async read(key: CartKey, now: number): Promise<StoredCart | undefined> {
    const hash = await reach(() => this.redis.hgetall(this.#cartKey(key)));
    const expiresAt = Number(hash.expires_at);
    if (!hash.expires_at || expiresAt <= now) return undefined;
    const lines = new Map<ProductId, number>();
    for (const [field, value] of Object.entries(hash)) {
      if (field.startsWith(FIELD_PREFIX)) lines.set(field.slice(FIELD_PREFIX.length) as ProductId, Number(value));
    }
    return lines.size > 0 ? { lines, expiresAt } : undefined;
  }

  async martsWithCarts(customerId: CustomerId) {
    return (await reach(() => this.redis.smembers(this.#indexKey(customerId)))) as MartId[];
  }

  /** Real seconds until Redis itself drops the cart key (-2 when there is none). */
  async secondsToKeyExpiry(key: CartKey): Promise<number> {
    return this.redis.ttl(this.#cartKey(key));
  }

  async #run(
    script: ScriptName,
    key: CartKey,
    policy: CartPolicyConfig,
    now: number,
    ...args: (string | number)[]
  ): Promise<CartWrite> {
    const answer = await reach(() =>
      this.#scripts[script](this.#cartKey(key), this.#indexKey(key.customerId), now, policy.ttlMs, key.martId, ...args),
    );
    return answer === 'OK' ? { ok: true } : { ok: false, refusal: answer as CartRefusal };
  }

  #cartKey(key: CartKey) {
    return `${this.prefix}cart:${key.customerId}:${key.martId}`;
  }

  #indexKey(customerId: CustomerId) {
    return `${this.prefix}carts:${customerId}`;
  }
}

/** Runs a command; a Redis that cannot be reached or does not answer becomes the customer's "try again shortly". */
async function reach<T>(command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    throw isRedisUnreachable(error) ? cartStorageUnavailable() : error;
  }
}
