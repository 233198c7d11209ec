import type { CustomerId } from '../platform/auth.ts';
import type { MartId, ProductId } from '../catalog/catalog.types.ts';
import type { CartPolicyConfig } from './cart.config.ts';
import {
  cartStorageUnavailable,
  TAKE_OUT_MEMORY_MS,
  type CartKey,
  type CartStore,
  type CartWrite,
  type StoredCart,
} from './cart.store.ts';

interface Entry {
  lines: Map<ProductId, number>;
  expiresAt: number;
}

const OK: CartWrite = { ok: true };
const keyOf = (k: CartKey) => `${k.customerId}\u0000${k.martId}`;

/** The embedded default: each change runs synchronously, so it is atomic by construction. */
export class InMemoryCartStore implements CartStore {
  readonly #carts = new Map<string, Entry>();
  readonly #martsByCustomer = new Map<CustomerId, Set<MartId>>();
  /** Orders taken out, until when they are remembered. */
  readonly #takenOut = new Map<string, number>();
  /** The twin's stand-in for a lost Redis: while true, every operation fails as the Redis adapter's would. */
  unreachable = false;

  async add(key: CartKey, productId: ProductId, quantity: number, policy: CartPolicyConfig, now: number) {
    this.#reach();
    const entry = this.#live(key, now) ?? { lines: new Map<ProductId, number>(), expiresAt: 0 };
    const current = entry.lines.get(productId) ?? 0;
    if (current === 0 && entry.lines.size >= policy.maxLines) return refuse('LINE_LIMIT');
    if (current + quantity > policy.maxQuantity) return refuse('QUANTITY_LIMIT');
    entry.lines.set(productId, current + quantity);
    return this.#touch(key, entry, policy, now);
  }

  async setQuantity(key: CartKey, productId: ProductId, quantity: number, policy: CartPolicyConfig, now: number) {
    this.#reach();
    const entry = this.#live(key, now);
    if (!entry?.lines.has(productId)) return refuse('LINE_NOT_FOUND');
    if (quantity > policy.maxQuantity) return refuse('QUANTITY_LIMIT');
    entry.lines.set(productId, quantity);
    return this.#touch(key, entry, policy, now);
  }

  async removeLine(key: CartKey, productId: ProductId, policy: CartPolicyConfig, now: number) {
    this.#reach();
    const entry = this.#live(key, now);
    if (!entry?.lines.delete(productId)) return refuse('LINE_NOT_FOUND');
    if (entry.lines.size === 0) {
      await this.clear(key);
      return OK;
    }
    return this.#touch(key, entry, policy, now);
  }

  async takeOut(
    key: CartKey,
    orderId: string,
    quantities: ReadonlyMap<ProductId, number>,
    policy: CartPolicyConfig,
    now: number,
  ) {
    this.#reach();
    for (const [order, until] of this.#takenOut) {
      if (until > now) break; // remembered in the order taken out
      this.#takenOut.delete(order);
    }
    if (this.#takenOut.has(orderId)) return;
    this.#takenOut.set(orderId, now + TAKE_OUT_MEMORY_MS);
    const entry = this.#live(key, now);
    if (!entry) return;
    for (const [productId, taken] of quantities) {
      const left = (entry.lines.get(productId) ?? 0) - taken;
      if (left > 0) entry.lines.set(productId, left);
      else entry.lines.delete(productId);
    }
    if (entry.lines.size === 0) await this.clear(key);
    else this.#touch(key, entry, policy, now);
  }

  async clear(key: CartKey) {
    this.#reach();
    this.#carts.delete(keyOf(key));
    this.#martsByCustomer.get(key.customerId)?.delete(key.martId);
  }

  async read(key: CartKey, now: number): Promise<StoredCart | undefined> {
    this.#reach();
    const entry = this.#live(key, now);
    return entry && { lines: new Map(entry.lines), expiresAt: entry.expiresAt };
  }

  async martsWithCarts(customerId: CustomerId) {
    this.#reach();
    return [...(this.#martsByCustomer.get(customerId) ?? [])];
  }

  #reach(): void {
    if (this.unreachable) throw cartStorageUnavailable();
  }

  #live(key: CartKey, now: number): Entry | undefined {
    const entry = this.#carts.get(keyOf(key));
    if (entry && entry.expiresAt <= now) {
      this.#carts.delete(keyOf(key));
      return undefined;
    }
    return entry;
  }

  #touch(key: CartKey, entry: Entry, policy: CartPolicyConfig, now: number): CartWrite {
    entry.expiresAt = now + policy.ttlMs;
    this.#carts.set(keyOf(key), entry);
    const marts = this.#martsByCustomer.get(key.customerId) ?? new Set<MartId>();
    this.#martsByCustomer.set(key.customerId, marts.add(key.martId));
    return OK;
  }
}

function refuse(refusal: Exclude<CartWrite, { ok: true }>['refusal']): CartWrite {
  return { ok: false, refusal };
}
