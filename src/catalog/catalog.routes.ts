import type { FastifyPluginAsync } from 'fastify';
import type { CatalogService } from './catalog.service.ts';

/** Public catalog reads: what a mart has on sale, at today's prices. */
export const catalogRoutes: FastifyPluginAsync<{ catalog: CatalogService }> = async (app, { catalog }) => {
  app.get<{ Params: { martId: string } }>('/marts/:martId/products', async (request) => {
    const products = await catalog.listOnSale(request.params.martId);
    return { products: products.map(({ id, sku, name, priceKrw, stock }) => ({ id, sku, name, priceKrw, stock })) };
  });
};
