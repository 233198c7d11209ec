import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { requireCustomer, type TokenService } from '../platform/auth.ts';
import { parseInput } from '../platform/validation.ts';
import type { CartService } from './cart.service.ts';

const quantity = z.int('quantity must be a whole number').positive('quantity must be at least 1');
const addBody = z.strictObject({ productId: z.string().min(1).max(100), quantity });
const setBody = z.strictObject({ quantity });

type MartParams = { Params: { martId: string } };
type LineParams = { Params: { martId: string; productId: string } };

/** The customer's own carts. The customer is whoever the bearer token proves; no route names another customer. */
export const cartRoutes: FastifyPluginAsync<{ carts: CartService; tokens: TokenService }> = async (
  app,
  { carts, tokens },
) => {
  app.get('/me/carts', async (request) => ({ carts: await carts.list(requireCustomer(tokens, request)) }));

  app.get<MartParams>('/me/carts/:martId', async (request) =>
    carts.view(requireCustomer(tokens, request), request.params.martId),
  );

  app.post<MartParams>('/me/carts/:martId/items', async (request) => {
    const customer = requireCustomer(tokens, request);
    const body = parseInput(addBody, request.body);
    return carts.add(customer, request.params.martId, body.productId, body.quantity);
  });

  app.put<LineParams>('/me/carts/:martId/items/:productId', async (request) => {
    const customer = requireCustomer(tokens, request);
    const body = parseInput(setBody, request.body);
    return carts.setQuantity(customer, request.params.martId, request.params.productId, body.quantity);
  });

  app.delete<LineParams>('/me/carts/:martId/items/:productId', async (request) =>
    carts.removeLine(requireCustomer(tokens, request), request.params.martId, request.params.productId),
  );

  app.delete<MartParams>('/me/carts/:martId', async (request, reply) => {
    await carts.clear(requireCustomer(tokens, request), request.params.martId);
    return reply.status(204).send();
  });
};
