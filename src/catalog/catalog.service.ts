import { notFound } from '../platform/errors.ts';
import type { CatalogStore } from './catalog.store.ts';
import type { Mart, MartId, Product } from './catalog.types.ts';

/** Read-side catalog rules other domains rely on. */
export class CatalogService {
  constructor(readonly store: CatalogStore) {}

  async requireMart(martId: string): Promise<Mart> {
    const mart = await this.store.findMart(martId);
    if (!mart) throw notFound('MART_NOT_FOUND', `There is no mart ${martId}.`);
    return mart;
  }

  /** A product of this mart, whatever its on-sale flag; 404 when the mart does not carry it. */
  async requireProduct(martId: MartId, productId: string): Promise<Product> {
    const product = await this.store.findProduct(martId, productId);
    if (!product) throw notFound('PRODUCT_NOT_FOUND', `Mart ${martId} does not sell product ${productId}.`);
    return product;
  }

  async listOnSale(martId: string): Promise<Product[]> {
    const mart = await this.requireMart(martId);
    return (await this.store.listProducts(mart.id)).filter((p) => p.onSale);
  }
}
