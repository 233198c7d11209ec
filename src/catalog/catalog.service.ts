import { notFound } from '../platform/errors.ts';
import type { CatalogStore, MartWithProducts } from './catalog.store.ts';
import type { Mart, MartId, NewProduct, Product, ProductId } from './catalog.types.ts';

/** The catalog: marts and their products, as other domains, the set-up of tests and the demo read and write them. */
export class CatalogService {
  constructor(private readonly store: CatalogStore) {}

  async requireMart(martId: string): Promise<Mart> {
    const mart = await this.store.findMart(martId);
    if (!mart) throw martNotFound(martId);
    return mart;
  }

  /** The mart and those of its products among `ids`, read together; 404 when there is no such mart. */
  async requireMartWith(martId: string, ids: readonly string[]): Promise<MartWithProducts> {
    const found = await this.store.findMartWith(martId, ids);
    if (!found) throw martNotFound(martId);
    return found;
  }

  /** The mart and one of its products, whatever its on-sale flag, read together; 404 for either missing. */
  async requireMartAndProduct(martId: string, productId: string): Promise<{ mart: Mart; product: Product }> {
    const { mart, products } = await this.requireMartWith(martId, [productId]);
    const product = products.get(productId as ProductId);
    if (!product) throw notFound('PRODUCT_NOT_FOUND', `Mart ${mart.id} does not sell product ${productId}.`);
    return { mart, product };
  }

  /** The products the mart has on sale, by SKU, read with the mart in one statement; 404 when there is no such mart. */
  async listOnSale(martId: string): Promise<Product[]> {
    const found = await this.store.findMartOnSale(martId);
    if (!found) throw martNotFound(martId);
    return found.products;
  }

  /** Every product of the mart, on sale or not, by SKU. */
  listProducts(martId: MartId): Promise<Product[]> {
    return this.store.listProducts(martId);
  }

  /** The mart's products among `ids`, by id; an id the mart does not carry is left out. */
  productsByIds(martId: MartId, ids: readonly string[]): Promise<Map<ProductId, Product>> {
    return this.store.productsByIds(martId, ids);
  }

  createMart(name: string): Promise<Mart> {
    return this.store.createMart(name);
  }

  addProduct(martId: MartId, product: NewProduct): Promise<Product> {
    return this.store.addProduct(martId, product);
  }

  /** Adds the products in one statement; they are returned in the order given. */
  addProducts(martId: MartId, products: readonly NewProduct[]): Promise<Product[]> {
    return this.store.addProducts(martId, products);
  }

  /** Adds `count` products `Generated product N` (SKU `GEN-N`, 1,000 won) in one statement. */
  addGenerated(martId: MartId, count: number): Promise<void> {
    return this.store.addGenerated(martId, count);
  }

  updateProduct(
    id: ProductId,
    change: Partial<Pick<Product, 'priceKrw' | 'onSale' | 'stock' | 'name'>>,
  ): Promise<void> {
    return this.store.updateProduct(id, change);
  }
}

const martNotFound = (martId: string) => notFound('MART_NOT_FOUND', `There is no mart ${martId}.`);
