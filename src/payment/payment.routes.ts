import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { requireCustomer, requireManagerOf, type TokenService } from '../platform/auth.ts';
import { idempotencyKeyHeader, parseInput } from '../platform/validation.ts';
import type { PaymentServices } from './payment.wiring.ts';
import { orderView } from './order.view.ts';
import type { ImpUid } from './payment.types.ts';

const checkoutBody = z.strictObject({ martId: z.string().min(1).max(100) });
const impUid = z
  .string()
  .min(1)
  .max(32)
  .transform((s) => s as ImpUid);
const verifyBody = z.strictObject({ impUid });
/** PortOne's webhook; only which payment it is about is read — the rest is re-fetched from the gateway. */
const webhookBody = z.looseObject({ imp_uid: impUid, merchant_uid: z.string().min(1).max(40) });
const cancelBody = z.strictObject({
  amountKrw: z.int('amountKrw must be a whole number of won').positive('amountKrw must be more than 0').optional(),
  reason: z.string().trim().min(1).max(200),
});

const CANCEL_NOT_YET_RECORDED =
  'The payment company made the cancel; it will show on this order within a few minutes. Do not send it again.';

type OrderParams = { Params: { orderId: string } };
type MartOrderParams = { Params: { martId: string; orderId: string } };

/** Orders and their payment: checkout, completion verification, the gateway's webhook, and cancels by the mart. */
export const paymentRoutes: FastifyPluginAsync<{ payments: PaymentServices; tokens: TokenService }> = async (
  app,
  { payments, tokens },
) => {
  const { orders, verification, cancellation } = payments;

  app.post('/me/orders', async (request, reply) => {
    const customer = requireCustomer(tokens, request);
    const { martId } = parseInput(checkoutBody, request.body);
    return reply.status(201).send(orderView(await orders.checkout(customer, martId)));
  });

  app.get<OrderParams>('/me/orders/:orderId', async (request) =>
    orderView(await orders.ofCustomer(requireCustomer(tokens, request), request.params.orderId)),
  );

  // The customer's app reports a completed payment. 202: the gateway could not be asked yet; it will be.
  app.post<OrderParams>('/me/orders/:orderId/payment', async (request, reply) => {
    const order = await orders.ofCustomer(requireCustomer(tokens, request), request.params.orderId);
    const { impUid } = parseInput(verifyBody, request.body);
    const verified = await verification.verify(order, impUid);
    return reply.status(verified.status === 'verification_pending' ? 202 : 200).send(orderView(verified));
  });

  // Called by the gateway, unauthenticated: a hint to verify, never trusted itself.
  app.post('/payments/portone/webhook', async (request) => {
    const hint = parseInput(webhookBody, request.body);
    const verified = await verification.verify(await orders.find(hint.merchant_uid), hint.imp_uid);
    return { orderId: verified.id, status: verified.status };
  });

  app.get<MartOrderParams>('/marts/:martId/orders/:orderId', async (request) => {
    requireManagerOf(tokens, request, request.params.martId);
    const order = await orders.ofMart(request.params.martId, request.params.orderId);
    return orderView(order, await orders.cancellations(order.id));
  });

  app.post<MartOrderParams>('/marts/:martId/orders/:orderId/cancellations', async (request, reply) => {
    requireManagerOf(tokens, request, request.params.martId);
    const order = await orders.ofMart(request.params.martId, request.params.orderId);
    const idempotencyKey = parseInput(idempotencyKeyHeader, request.headers['idempotency-key']);
    const { order: cancelled, recorded } = await cancellation.cancel(order, {
      ...parseInput(cancelBody, request.body),
      idempotencyKey,
    });
    // 202: the payment company made the cancel, and the order shows it once it is recorded (within minutes).
    if (!recorded) return reply.status(202).send({ ...orderView(cancelled), message: CANCEL_NOT_YET_RECORDED });
    return orderView(cancelled, await orders.cancellations(order.id));
  });
};
