import type { CatalogService } from '../catalog/catalog.service.ts';
import type { Mart, MartId, Product, ProductId } from '../catalog/catalog.types.ts';
import type { CustomerId } from '../platform/auth.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError, notFound, unprocessable } from '../platform/errors.ts';
import type { CartPolicyConfig } from './cart.config.ts';
import type { CartKey, CartStore, CartWrite, StoredCart } from './cart.store.ts';

export interface CartLineView {
  productId: ProductId;
  sku: string;
  name: string;
  /** Today's catalog price, not the price when the line was added. */
  unitPriceKrw: number;
  quantity: number;
  lineTotalKrw: number;
  /** False when the mart no longer has the product on sale; such lines stay visible and count for nothing. */
  available: boolean;
}

export interface CartView {
  martId: MartId;
  martName: string;
  lines: CartLineView[];
  totalKrw: number;
  expiresAt: string | null;
}

/**
 * Korean collation, built once: `localeCompare` with a locale builds a collator on every comparison, which was most
 * of a cart view's own CPU.
 */
const byKoreanName = new Intl.Collator('ko');
/** Korean collation with numbers compared by value ("Item 2" before "Item 10"). */
const byKoreanNameNumeric = new Intl.Collator('ko', { numeric: true });

/** The cart policy: one cart per customer per mart, limits per line and per cart, expiry after inactivity. */
export class CartService {
  constructor(
    private readonly store: CartStore,
    private readonly catalog: CatalogService,
    private readonly clock: Clock,
    private readonly policy: CartPolicyConfig,
  ) {}

  /**
   * The cart, its mart and its products read in one statement. A mart that does not exist is refused as such even
   * while cart storage is down: the storage error counts only for a mart that exists.
   */
  async view(customerId: CustomerId, martId: string): Promise<CartView> {
    const stored = await this.store
      .read({ customerId, martId: martId as MartId }, this.clock.now())
      .catch(async (error: unknown) => {
        await this.catalog.requireMart(martId);
        throw error;
      });
    const { mart, products } = await this.catalog.requireMartWith(martId, [...(stored?.lines.keys() ?? [])]);
    return toView(mart, stored, products);
  }

  /** The cart after a change at a mart already read. */
  async #view(customerId: CustomerId, mart: Mart): Promise<CartView> {
    const stored = await this.store.read({ customerId, martId: mart.id }, this.clock.now());
    return toView(mart, stored, await this.catalog.productsByIds(mart.id, [...(stored?.lines.keys() ?? [])]));
  }

  /** Every cart the customer has, one per mart, empty and expired ones left out. */
  async list(customerId: CustomerId): Promise<CartView[]> {
    const marts = await this.store.martsWithCarts(customerId);
    const carts = await Promise.all(marts.map((martId) => this.view(customerId, martId)));
    return carts.filter((c) => c.lines.length > 0).sort((a, b) => byKoreanName.compare(a.martName, b.martName));
  }

  async add(customerId: CustomerId, martId: string, productId: string, quantity: number): Promise<CartView> {
    const { mart, product } = await this.#onSaleAt(martId, productId);
    const key = { customerId, martId: mart.id };
    this.#expect(await this.store.add(key, product.id, quantity, this.policy, this.clock.now()));
    return this.#view(customerId, mart);
  }

  async setQuantity(customerId: CustomerId, martId: string, productId: string, quantity: number): Promise<CartView> {
    const { mart, product } = await this.#onSaleAt(martId, productId);
    const key = { customerId, martId: mart.id };
    this.#expect(await this.store.setQuantity(key, product.id, quantity, this.policy, this.clock.now()));
    return this.#view(customerId, mart);
  }

  async removeLine(customerId: CustomerId, martId: string, productId: string): Promise<CartView> {
    const { key, mart } = await this.#cartAt(customerId, martId);
    this.#expect(await this.store.removeLine(key, productId as ProductId, this.policy, this.clock.now()));
    return this.#view(customerId, mart);
  }

  /**
   * What a paid order took: each ordered quantity leaves the customer's cart at that mart, in one step, and once
   * however often this is called for the same order.
   */
  async takeOut(
    customerId: CustomerId,
    martId: string,
    orderId: string,
    lines: readonly { productId: string; quantity: number }[],
  ): Promise<void> {
    const quantities = new Map(lines.map((l) => [l.productId as ProductId, l.quantity]));
    const key = { customerId, martId: martId as MartId };
    await this.store.takeOut(key, orderId, quantities, this.policy, this.clock.now());
  }

  async clear(customerId: CustomerId, martId: string): Promise<void> {
    await this.store.clear((await this.#cartAt(customerId, martId)).key);
  }

  /** The cart's key and its mart, read once per request: a change answers with the view at the same mart. */
  async #cartAt(customerId: CustomerId, martId: string): Promise<{ key: CartKey; mart: Mart }> {
    const mart = await this.catalog.requireMart(martId);
    return { key: { customerId, martId: mart.id }, mart };
  }

  /** The mart and a product it has on sale, read in one statement. */
  async #onSaleAt(martId: string, productId: string): Promise<{ mart: Mart; product: Product }> {
    const found = await this.catalog.requireMartAndProduct(martId, productId);
    if (!found.product.onSale) {
      throw unprocessable('PRODUCT_NOT_ON_SALE', `${found.product.name} is not on sale at this mart right now.`);
    }
    return found;
  }

  #expect(write: CartWrite): void {
    if (write.ok) return;
    throw this.#refusal(write.refusal);
  }

  #refusal(refusal: Exclude<CartWrite, { ok: true }>['refusal']): DomainError {
    switch (refusal) {
      case 'QUANTITY_LIMIT':
        return unprocessable('QUANTITY_LIMIT', `A cart line holds at most ${this.policy.maxQuantity} of one product.`);
      case 'LINE_LIMIT':
        return unprocessable('LINE_LIMIT', `A cart holds at most ${this.policy.maxLines} different products.`);
      case 'LINE_NOT_FOUND':
        return notFound('LINE_NOT_FOUND', 'That product is not in this cart.');
    }
  }
}

function toView(mart: Mart, stored: StoredCart | undefined, products: Map<ProductId, Product>): CartView {
  const lines = [...(stored?.lines ?? [])]
    .map(([productId, quantity]) => toLine(productId, quantity, products.get(productId)))
    .sort((a, b) => byKoreanNameNumeric.compare(a.name, b.name));
  return {
    martId: mart.id,
    martName: mart.name,
    lines,
    totalKrw: lines.reduce((sum, l) => sum + (l.available ? l.lineTotalKrw : 0), 0),
    expiresAt: stored ? new Date(stored.expiresAt).toISOString() : null,
  };
}

function toLine(productId: ProductId, quantity: number, product: Product | undefined): CartLineView {
  const unitPriceKrw = product?.priceKrw ?? 0;
  return {
    productId,
    sku: product?.sku ?? '',
    name: product?.name ?? '(no longer in the catalog)',
    unitPriceKrw,
    quantity,
    lineTotalKrw: unitPriceKrw * quantity,
    available: product?.onSale ?? false,
  };
}
