import type { CustomerId } from '../platform/auth.ts';
import type { MartId, ProductId } from '../catalog/catalog.types.ts';
import { DomainError } from '../platform/errors.ts';
import type { CartPolicyConfig } from './cart.config.ts';

/** One cart per customer per mart. */
export interface CartKey {
  customerId: CustomerId;
  martId: MartId;
}

export interface StoredCart {
  /** Quantity per product. */
  lines: ReadonlyMap<ProductId, number>;
  /** Epoch ms after which the cart is gone unless changed again. */
  expiresAt: number;
}

/** Why a store refused a change. The cart is untouched whenever one of these comes back. */
export type CartRefusal = 'QUANTITY_LIMIT' | 'LINE_LIMIT' | 'LINE_NOT_FOUND';
export type CartWrite = { ok: true } | { ok: false; refusal: CartRefusal };

/**
 * Where carts live. Every change is one atomic step that checks the limits, applies the change and renews
 * the expiry together: no reader can ever see a cart half-written (the vanished-cart incident).
 * Implemented in memory (embedded default) and on Redis hashes; the same policies prove both.
 *
 * When the storage cannot be reached, every operation fails fast with `cartStorageUnavailable()` (503): a
 * customer is told to try again shortly, and a change either applied whole or not at all.
 */
export interface CartStore {
  /** Adds `quantity` to the line, creating it if needed. */
  add(key: CartKey, productId: ProductId, quantity: number, policy: CartPolicyConfig, now: number): Promise<CartWrite>;
  /** Sets an existing line's quantity. */
  setQuantity(
    key: CartKey,
    productId: ProductId,
    quantity: number,
    policy: CartPolicyConfig,
    now: number,
  ): Promise<CartWrite>;
  removeLine(key: CartKey, productId: ProductId, policy: CartPolicyConfig, now: number): Promise<CartWrite>;
  /**
   * Takes an order's quantities out: each line loses that much, and goes when nothing is left of it. The store
   * remembers the order (for `TAKE_OUT_MEMORY_MS`), and takes nothing out for it again.
   */
  takeOut(
    key: CartKey,
    orderId: string,
    quantities: ReadonlyMap<ProductId, number>,
    policy: CartPolicyConfig,
    now: number,
  ): Promise<void>;
  clear(key: CartKey): Promise<void>;
  /** The cart, or undefined when it is empty or expired at `now`. */
  read(key: CartKey, now: number): Promise<StoredCart | undefined>;
  /** The marts where this customer may have a cart (callers read each one to drop expired carts). */
  martsWithCarts(customerId: CustomerId): Promise<MartId[]>;
}

/** How long a store remembers an order it took out: far longer than the reconciliation job takes to retry. */
export const TAKE_OUT_MEMORY_MS = 7 * 24 * 60 * 60 * 1000;

/** The cart storage cannot be reached (Redis lost or not answering): the customer is asked to try again shortly. */
export const cartStorageUnavailable = () =>
  new DomainError(503, 'CART_STORAGE_UNAVAILABLE', 'Carts cannot be reached right now. Please try again in a moment.');
