import type { Brand } from '../platform/brand.ts';

export type RefundId = Brand<string, 'RefundId'>;

/**
 * `cancel_pending`: accepted, the payment company has not confirmed the cancel yet (retried by the outbox);
 * `completed`: the payment company confirmed; `needs_review`: it refused the cancel — a person must look.
 */
export type RefundStatus = 'cancel_pending' | 'completed' | 'needs_review';
export type ImageStatus = 'pending' | 'uploaded';
export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

export interface RefundProductView {
  productId: string;
  quantity: number;
  unitPriceKrw: number;
  amountKrw: number;
}

export interface RefundImageView {
  seq: number;
  contentType: ImageType;
  byteSize: number;
  status: ImageStatus;
  /** Where the image is (or will be) kept in object storage. */
  key: string;
}

export interface RefundView {
  id: RefundId;
  orderId: string;
  martId: string;
  status: RefundStatus;
  /** What the mart is shown for this status, in plain words. */
  message: string;
  reason: string;
  amountKrw: number;
  products: RefundProductView[];
  images: RefundImageView[];
  createdAt: string;
}

/** A refund as the mart asks for it, already parsed (the route checks shapes, the service checks the policy). */
export interface RefundRequest {
  reason: string;
  products: { productId: string; quantity: number }[];
  images: { bytes: Buffer; contentType: ImageType }[];
  /** The client's `Idempotency-Key`; without one, a fingerprint of the request stands in. */
  idempotencyKey?: string | undefined;
}
