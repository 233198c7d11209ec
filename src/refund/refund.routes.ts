import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { OrderService } from '../payment/order.service.ts';
import { requireManagerOf, type TokenService } from '../platform/auth.ts';
import { DomainError } from '../platform/errors.ts';
import { idempotencyKeyHeader, parseInput } from '../platform/validation.ts';
import type { RefundPolicyConfig } from './refund.config.ts';
import { sniffImageType } from './image-type.ts';
import type { RefundService } from './refund.service.ts';
import type { RefundRequest } from './refund.types.ts';

interface Options {
  refunds: RefundService;
  orders: OrderService;
  tokens: TokenService;
  limits: RefundPolicyConfig;
}

type MartOrderRequest = FastifyRequest<{ Params: { martId: string; orderId: string } }>;

const fields = z.strictObject({
  reason: z.string().trim().min(1, 'say why the order is refunded').max(200),
  products: z
    .array(
      z.strictObject({
        productId: z.string().min(1).max(100),
        quantity: z.int('quantity must be a whole number').positive('quantity must be more than 0').max(10_000),
      }),
    )
    .min(1, 'name at least one product to refund')
    .max(100)
    .refine((list) => new Set(list.map((p) => p.productId)).size === list.length, 'name each product once'),
});

/** Refunds of delivered orders, requested by a manager of the order's mart (multipart: fields and photos). */
export const refundRoutes: FastifyPluginAsync<Options> = async (app, { refunds, orders, tokens, limits }) => {
  await app.register(multipart, {
    limits: {
      fileSize: limits.maxImageBytes,
      files: limits.maxImages,
      fields: 4,
      fieldSize: 16_384,
      parts: limits.maxImages + 4,
    },
  });

  app.post('/marts/:martId/orders/:orderId/refunds', async (request: MartOrderRequest, reply) => {
    const manager = requireManagerOf(tokens, request, request.params.martId);
    const order = await orders.ofMart(request.params.martId, request.params.orderId);
    const refundRequest = await readRefundRequest(request, limits);
    const { refund, created } = await refunds.request(manager, order, refundRequest);
    return reply.status(created ? 201 : 200).send(refund);
  });

  app.get('/marts/:martId/orders/:orderId/refund', async (request: MartOrderRequest) => {
    requireManagerOf(tokens, request, request.params.martId);
    return refunds.ofOrder(await orders.ofMart(request.params.martId, request.params.orderId));
  });
};

const refused = (status: number, code: string, message: string) => new DomainError(status, code, message);

/**
 * The whole request, read and checked before anything is saved: text fields `reason` and `products` (JSON:
 * `[{ productId, quantity }]`) and up to `maxImages` files in `images`, each a JPEG, PNG or WebP by content.
 */
async function readRefundRequest(request: FastifyRequest, limits: RefundPolicyConfig): Promise<RefundRequest> {
  if (!request.isMultipart()) {
    throw refused(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the refund as multipart/form-data: reason, products and images.',
    );
  }
  const text: Record<string, string> = {};
  const images: RefundRequest['images'] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        text[part.fieldname] = String(part.value);
        continue;
      }
      const bytes = await part.toBuffer();
      if (part.fieldname !== 'images')
        throw refused(400, 'REFUND_UNEXPECTED_FILE', 'Send photos in the field named images.');
      const contentType = sniffImageType(bytes);
      if (!contentType) {
        throw refused(
          415,
          'REFUND_IMAGE_NOT_AN_IMAGE',
          `${part.filename || 'A file'} is not a JPEG, PNG or WebP image, whatever its name says.`,
        );
      }
      images.push({ bytes, contentType });
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw refused(400, 'REFUND_TOO_MANY_IMAGES', `Send at most ${limits.maxImages} photos with a refund.`);
    }
    if (code === 'FST_FIELDS_LIMIT') {
      throw refused(400, 'REFUND_TOO_MANY_FIELDS', 'Send only the fields reason and products, and photos in images.');
    }
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw refused(
        413,
        'REFUND_IMAGE_TOO_LARGE',
        `Each photo may be at most ${Math.floor(limits.maxImageBytes / (1024 * 1024))} MB.`,
      );
    }
    throw error;
  }
  let products: unknown;
  try {
    products = text.products === undefined ? undefined : JSON.parse(text.products);
  } catch {
    throw refused(
      400,
      'VALIDATION_FAILED',
      'The request is not valid — products: must be JSON, e.g. [{"productId":"…","quantity":1}]',
    );
  }
  const parsed = parseInput(fields, { reason: text.reason, products });
  const key = parseInput(idempotencyKeyHeader, request.headers['idempotency-key']);
  return { ...parsed, images, idempotencyKey: key };
}
