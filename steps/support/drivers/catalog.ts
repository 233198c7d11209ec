import type { MartId, Product, ProductId } from '../../../src/catalog/catalog.types.ts';
import type { PolicyWorld } from '../world.ts';
import { refuseWrites } from './database-faults.ts';

export interface ProductSpec {
  name: string;
  sku?: string | undefined;
  category?: string | undefined;
  priceKrw: number;
  onSale?: boolean;
  stock?: number;
}

/** Sets up marts and products, and remembers them by the names the scenario uses. */
export class CatalogDriver {
  readonly #marts = new Map<string, MartId>();
  readonly #products = new Map<string, Product>();

  constructor(private readonly world: PolicyWorld) {}

  async mart(name: string): Promise<MartId> {
    const known = this.#marts.get(name);
    if (known) return known;
    const mart = await this.world.app.services.catalog.createMart(name);
    this.#marts.set(name, mart.id);
    return mart.id;
  }

  async sells(martName: string, spec: ProductSpec): Promise<Product> {
    const [product] = await this.sellsAll(martName, [spec]);
    return product!;
  }

  /** The products, added in one statement, in the order given. */
  async sellsAll(martName: string, specs: readonly ProductSpec[]): Promise<Product[]> {
    const martId = await this.mart(martName);
    const products = await this.world.app.services.catalog.addProducts(
      martId,
      specs.map((spec, i) => ({
        sku: spec.sku ?? `SKU-${this.#products.size + i + 1}`,
        name: spec.name,
        priceKrw: spec.priceKrw,
        onSale: spec.onSale ?? true,
        stock: spec.stock ?? 100,
        category: spec.category ?? null,
      })),
    );
    for (const [i, product] of products.entries()) this.#products.set(`${martName}/${specs[i]!.name}`, product);
    return products;
  }

  /** `count` more products named `Generated product N` with SKU `GEN-N`, in one statement. */
  async sellsGenerated(martName: string, count: number): Promise<void> {
    await this.world.app.services.catalog.addGenerated(await this.mart(martName), count);
  }

  /** Every insert of a product fails from now on, as a broken database would; undone after the scenario. */
  async failNextProductInsert(): Promise<void> {
    await refuseWrites(this.world, {
      name: 'product_insert',
      table: 'products',
      writes: 'INSERT',
      reason: 'the database refused the insert',
    });
  }

  martId(name: string): MartId {
    const id = this.#marts.get(name);
    if (!id) throw new Error(`no mart named ${name} in this scenario`);
    return id;
  }

  product(martName: string, productName: string): Product {
    const product = this.#products.get(`${martName}/${productName}`);
    if (!product) throw new Error(`${martName} does not sell ${productName} in this scenario`);
    return product;
  }

  productName(id: ProductId): string {
    for (const p of this.#products.values()) if (p.id === id) return p.name;
    return id;
  }

  async changePrice(martName: string, productName: string, priceKrw: number): Promise<void> {
    await this.world.app.services.catalog.updateProduct(this.product(martName, productName).id, { priceKrw });
  }

  async setOnSale(martName: string, productName: string, onSale: boolean): Promise<void> {
    await this.world.app.services.catalog.updateProduct(this.product(martName, productName).id, { onSale });
  }
}
