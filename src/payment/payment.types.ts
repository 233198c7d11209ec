import type { CustomerId, MartId } from '../platform/auth.ts';
import type { Brand } from '../platform/brand.ts';
import type { ProductId } from '../catalog/catalog.types.ts';

/** An order's id; it is also the `merchant_uid` the payment gateway knows the order by. */
export type OrderId = Brand<string, 'OrderId'>;
/** The payment gateway's id of one payment (PortOne `imp_uid`). */
export type ImpUid = Brand<string, 'ImpUid'>;

export const PAYMENT_STATUSES = [
  'awaiting_payment',
  'paid',
  'payment_failed',
  'verification_pending',
  'partially_cancelled',
  'cancelled',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Statuses in which a payment has been decided; verifying the same payment again changes nothing. */
export const DECIDED: readonly PaymentStatus[] = ['paid', 'payment_failed', 'partially_cancelled', 'cancelled'];
/** Statuses in which a payment was accepted. */
export const ACCEPTED: readonly PaymentStatus[] = ['paid', 'partially_cancelled', 'cancelled'];
/** Statuses a verification may still move. */
export const UNDECIDED: readonly PaymentStatus[] = ['awaiting_payment', 'verification_pending'];

export interface OrderLine {
  productId: ProductId;
  name: string;
  quantity: number;
  /** The price when the order was placed, whatever the catalog says later. */
  unitPriceKrw: number;
}

export interface Order {
  id: OrderId;
  customerId: CustomerId;
  martId: MartId;
  totalKrw: number;
  status: PaymentStatus;
  impUid: ImpUid | null;
  paymentFailure: string | null;
  cancelledKrw: number;
  lines: OrderLine[];
  createdAt: string;
}

export interface Cancellation {
  impUid: ImpUid;
  amountKrw: number;
  /** The cancellable amount the platform believed remained when it asked. */
  checksumKrw: number;
  reason: string;
  cancelledAt: string;
  /** The mart's Idempotency-Key for the request that made this cancel, if it sent one. */
  idempotencyKey?: string | undefined;
}

/** A cancel written down before the gateway is asked; settled (`made`) or dropped once its outcome is known. */
export interface PendingCancel {
  orderId: OrderId;
  seq: number;
  impUid: ImpUid;
  amountKrw: number;
  checksumKrw: number;
  reason: string;
  idempotencyKey: string;
  requestedAt: number;
}

/** An order waiting for the reconciliation job. */
export interface QueuedVerification {
  orderId: OrderId;
  impUid: ImpUid;
  attempts: number;
}
