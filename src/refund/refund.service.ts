import { createHash, randomUUID } from 'node:crypto';
import type { PaymentServices } from '../payment/payment.wiring.ts';
import type { Order } from '../payment/payment.types.ts';
import { won } from '../payment/order.view.ts';
import { DAY, MINUTE, type Clock } from '../platform/clock.ts';
import { conflict, DomainError, unprocessable } from '../platform/errors.ts';
import type { Logger } from '../platform/logger.ts';
import type { RefundPolicyConfig } from './refund.config.ts';
import type { NewRefund, RefundRecord, RefundsHeld, RefundStore } from './refund.store.ts';
import type { RefundId, RefundRequest, RefundStatus, RefundView } from './refund.types.ts';

/** How long a claimed cancel or upload is left to its worker before another may take it over. */
export const CLAIM_LEASE_MS = 5 * MINUTE;

const MESSAGES: Record<RefundStatus, string> = {
  cancel_pending: 'The refund is accepted; the payment company has not confirmed the cancel yet. We keep trying.',
  completed: 'Refunded: the payment company confirmed the cancel.',
  needs_review: 'The payment company refused the cancel. Our support team will look at this refund.',
};

/** The refund's cancel codes that a retry cannot fix: a person has to look. */
const NEEDS_A_PERSON = new Set([
  'CANCEL_REFUSED_BY_GATEWAY',
  'CANCEL_EXCEEDS_REMAINING',
  'ORDER_NOT_CANCELLABLE',
  'PAYMENT_GATEWAY_REFUSED',
]);

/** The outbox's backoff: doubles from the initial delay, up to the maximum. */
export const backoff = (config: RefundPolicyConfig, attempt: number) =>
  Math.min(config.retryInitialDelayMs * 2 ** Math.max(0, attempt - 1), config.retryMaxDelayMs);

/**
 * The refund policy: one refund per order, for delivered orders within the refund window, for products the
 * order holds, at the price paid, never more than the payment still has; the money goes back through the
 * payment module's checksummed cancel.
 */
export class RefundService {
  constructor(
    private readonly store: RefundStore,
    private readonly payments: PaymentServices,
    private readonly clock: Clock,
    private readonly config: RefundPolicyConfig,
    private readonly logger: Logger,
  ) {}

  /** Records that the order reached the customer (the delivery system's report). False when it is not a paid order. */
  markDelivered(orderId: string): Promise<boolean> {
    return this.store.markDelivered(orderId, this.clock.now());
  }

  /** `created` is false when this was a repeat of the request that created the order's refund. */
  async request(
    requestedBy: string,
    order: Order,
    request: RefundRequest,
  ): Promise<{ refund: RefundView; created: boolean }> {
    const requestFingerprint = fingerprint(order.id, request);
    const asked = { key: request.idempotencyKey ?? requestFingerprint, requestFingerprint };
    const existing = await this.store.findByOrder(order.id);
    if (existing) return { refund: await this.#repeat(existing, asked), created: false };

    let products: NewRefund['products'];
    try {
      products = await this.#assess(order, request);
    } catch (refusal) {
      // An identical request that raced this one may have made the refund since it was looked for, and its
      // products now count as refunded: a refund that exists answers (or refuses) the request, not the rule.
      const made = await this.store.findByOrder(order.id);
      if (!made) throw refusal;
      return { refund: await this.#repeat(made, asked), created: false };
    }
    const amountKrw = products.reduce((sum, p) => sum + p.quantity * p.unitPriceKrw, 0);
    const now = this.clock.now();
    const id = `rfd_${randomUUID().replaceAll('-', '')}` as RefundId;
    const created = await this.store.create({
      id,
      orderId: order.id,
      martId: order.martId,
      requestedBy,
      idempotencyKey: asked.key,
      requestFingerprint,
      reason: request.reason,
      amountKrw,
      products,
      images: request.images,
      now,
      cancelClaimedUntil: now + CLAIM_LEASE_MS,
    });
    if (!created) {
      // Another request for this order got there first (the duplicate of the incident): the database decided.
      return { refund: await this.#repeat((await this.store.findByOrder(order.id))!, asked), created: false };
    }
    await this.settleCancel((await this.store.find(id))!);
    return { refund: await this.view(id), created: true };
  }

  /**
   * Asks the payment company to cancel the refund's amount; the outcome decides the refund's status. The cancel
   * is keyed by the refund, so asking again (the outbox, after a crash or a lost answer) never cancels twice:
   * a cancel made before is found, one under way is waited for.
   */
  async settleCancel(refund: RefundRecord): Promise<RefundStatus> {
    const order = await this.payments.orders.find(refund.orderId);
    const reason = `Refund ${refund.id}: ${refund.reason}`.slice(0, 200);
    try {
      const { recorded } = await this.payments.cancellation.cancel(order, {
        amountKrw: refund.amountKrw,
        reason,
        idempotencyKey: `refund:${refund.id}`,
      });
      if (!recorded) return this.#retryLater(refund, 'the cancel was made but is not recorded yet');
      await this.store.completeCancel(refund.id, this.clock.now());
      return 'completed';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof DomainError && NEEDS_A_PERSON.has(error.code)) {
        this.logger.error(
          { refundId: refund.id, orderId: refund.orderId, code: error.code },
          'refund cancel refused; needs review',
        );
        await this.store.cancelFailed(refund.id, `${error.code}: ${message}`, undefined);
        return 'needs_review';
      }
      return this.#retryLater(refund, message);
    }
  }

  async #retryLater(refund: RefundRecord, why: string): Promise<'cancel_pending'> {
    const retryAt = this.clock.now() + backoff(this.config, refund.cancelAttempts + 1);
    this.logger.warn(
      { refundId: refund.id, orderId: refund.orderId, retryAt: new Date(retryAt).toISOString(), why },
      'refund cancel not confirmed; will retry',
    );
    await this.store.cancelFailed(refund.id, why, retryAt);
    return 'cancel_pending';
  }

  /** Refunds, refunded product lines and photos held, of one order or (undefined) of every order. */
  held(orderId: string | undefined): Promise<RefundsHeld> {
    return this.store.held(orderId);
  }

  async view(id: RefundId): Promise<RefundView> {
    const refund = await this.store.find(id);
    if (!refund) throw new DomainError(404, 'REFUND_NOT_FOUND', 'There is no such refund.');
    return {
      id: refund.id,
      orderId: refund.orderId,
      martId: refund.martId,
      status: refund.status,
      message: MESSAGES[refund.status],
      reason: refund.reason,
      amountKrw: refund.amountKrw,
      products: await this.store.products(id),
      images: await this.store.images(id),
      createdAt: refund.createdAt,
    };
  }

  async ofOrder(order: Order): Promise<RefundView> {
    const refund = await this.store.findByOrder(order.id);
    if (!refund) throw new DomainError(404, 'REFUND_NOT_FOUND', 'This order has no refund.');
    return this.view(refund.id);
  }

  /** A request for an order that has a refund: the same request again gets that refund; anything else is refused. */
  async #repeat(existing: RefundRecord, asked: { key: string; requestFingerprint: string }): Promise<RefundView> {
    if (existing.idempotencyKey !== asked.key) {
      throw conflict('REFUND_ALREADY_EXISTS', 'This order already has a refund; an order can be refunded only once.', {
        refundId: existing.id,
      });
    }
    if (existing.requestFingerprint !== null && existing.requestFingerprint !== asked.requestFingerprint) {
      throw unprocessable(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used for a different refund request; a new request needs a new key.',
        { refundId: existing.id },
      );
    }
    return this.view(existing.id);
  }

  /** The eligibility rules; the refunded products at the unit price paid. */
  async #assess(order: Order, request: RefundRequest) {
    if (order.status !== 'paid' && order.status !== 'partially_cancelled') {
      throw conflict(
        'REFUND_ORDER_NOT_PAID',
        `Only a paid order can be refunded; this one is ${order.status.replaceAll('_', ' ')}.`,
      );
    }
    const deliveredAt = await this.store.deliveredAt(order.id);
    if (deliveredAt === undefined) {
      throw conflict(
        'REFUND_ORDER_NOT_DELIVERED',
        'This order has not been delivered yet; cancel it instead of refunding it.',
      );
    }
    const windowDays = Math.round(this.config.windowMs / DAY);
    if (this.clock.now() - deliveredAt > this.config.windowMs) {
      throw conflict(
        'REFUND_WINDOW_CLOSED',
        `Refunds are accepted up to ${windowDays} days after delivery; this order was delivered earlier.`,
      );
    }
    const refunded = await this.store.refundedQuantities(order.id);
    const products = request.products.map(({ productId, quantity }) => {
      const line = order.lines.find((l) => l.productId === productId);
      if (!line)
        throw unprocessable('REFUND_PRODUCT_NOT_IN_ORDER', `Product ${productId} is not part of this order.`, {
          productId,
        });
      const left = line.quantity - (refunded.get(productId) ?? 0);
      if (quantity > left) {
        throw unprocessable(
          'REFUND_QUANTITY_EXCEEDS_ORDERED',
          `Only ${left} of ${line.name} can still be refunded (${line.quantity} ordered).`,
          { productId, refundable: left },
        );
      }
      return { productId, quantity, unitPriceKrw: line.unitPriceKrw };
    });
    const amount = products.reduce((sum, p) => sum + p.quantity * p.unitPriceKrw, 0);
    const remaining = order.totalKrw - order.cancelledKrw;
    if (amount > remaining) {
      throw unprocessable(
        'REFUND_EXCEEDS_REMAINING',
        `The refund comes to ${won(amount)} won but only ${won(remaining)} won of the payment can still be cancelled.`,
        { amountKrw: amount, remainingKrw: remaining },
      );
    }
    return products;
  }
}

/** Stands in for a missing Idempotency-Key: the same order, reason, products and images make the same key. */
function fingerprint(orderId: string, request: RefundRequest): string {
  const products = [...request.products].sort((a, b) => a.productId.localeCompare(b.productId));
  const images = request.images.map((i) => createHash('sha256').update(i.bytes).digest('hex'));
  return `fp:${createHash('sha256')
    .update(JSON.stringify({ orderId, reason: request.reason, products, images }))
    .digest('hex')}`;
}
