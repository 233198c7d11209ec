import type { CartService } from '../cart/cart.service.ts';
import type { Clock } from '../platform/clock.ts';
import type { Database } from '../platform/database.ts';
import { conflict, DomainError, unprocessable } from '../platform/errors.ts';
import type { Logger } from '../platform/logger.ts';
import type { OrderStore } from './order.store.ts';
import { won } from './order.view.ts';
import {
  ACCEPTED,
  DECIDED,
  UNDECIDED,
  type Cancellation,
  type ImpUid,
  type Order,
  type OrderId,
  type QueuedVerification,
} from './payment.types.ts';
import type { GatewayPayment, PortOneClient } from './portone.client.ts';
import { GatewayRefused } from './portone.errors.ts';

/** What one run of the reconciliation job did with each queued order. */
export interface ReconciliationResult {
  orderId: OrderId;
  outcome: Order['status'] | 'refused';
}

/**
 * Completion verification. The platform believes only the gateway, asked directly: a payment is accepted when
 * the gateway says it is `paid`, for this order, for exactly the order's total. When the gateway cannot be
 * asked, the order waits for reconciliation — it is never marked paid or failed on a guess. Once an order is
 * paid, what it ordered leaves the customer's cart.
 */
export class PaymentVerification {
  constructor(
    private readonly db: Database,
    private readonly orders: OrderStore,
    private readonly gateway: PortOneClient,
    private readonly carts: CartService,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Verifies the payment `impUid` reported for `order` (by the customer's app, or hinted by a gateway webhook). */
  async verify(order: Order, impUid: ImpUid): Promise<Order> {
    if (order.impUid === impUid && DECIDED.includes(order.status)) return order;
    if (ACCEPTED.includes(order.status))
      throw conflict('ORDER_ALREADY_PAID', 'This order is already paid; a second payment is not accepted.');
    if (order.status === 'payment_failed') {
      throw conflict(
        'ORDER_PAYMENT_FAILED',
        'A payment for this order was refused and cancelled; please place the order again.',
      );
    }
    let payment: GatewayPayment;
    try {
      payment = await this.gateway.getPayment(impUid);
    } catch (error) {
      if (error instanceof GatewayRefused && error.status === 404) {
        throw unprocessable('PAYMENT_NOT_FOUND', `The payment company knows no payment ${impUid}.`);
      }
      return this.#awaitReconciliation(order, impUid, error);
    }
    if (payment.merchant_uid !== order.id)
      throw conflict('PAYMENT_OF_ANOTHER_ORDER', `Payment ${impUid} belongs to another order.`);
    const ourCancel = wrongAmountCancel(order, payment);
    if (ourCancel) return this.#failWrongAmount(order, impUid, payment, ourCancel);
    if (payment.status !== 'paid') {
      throw unprocessable(
        'PAYMENT_NOT_COMPLETED',
        `Payment ${impUid} is not completed (the payment company says "${payment.status}").`,
      );
    }
    if (payment.amount !== order.totalKrw) return this.#refuseWrongAmount(order, impUid, payment);
    return this.#settle(order, impUid, 'paid', {});
  }

  /** The orders waiting for the reconciliation job, oldest first, with the verifications tried so far. */
  queued(): Promise<QueuedVerification[]> {
    return this.orders.queued();
  }

  /** The reconciliation job: re-verifies every order whose verification the gateway could not answer. */
  async reconcile(): Promise<ReconciliationResult[]> {
    const results: ReconciliationResult[] = [];
    for (const queued of await this.orders.queued()) {
      const order = await this.orders.find(queued.orderId);
      if (!order || !UNDECIDED.includes(order.status)) {
        await this.orders.dequeue(this.db, queued.orderId);
        continue;
      }
      try {
        results.push({ orderId: order.id, outcome: (await this.verify(order, queued.impUid)).status });
      } catch (refusal) {
        if (!(refusal instanceof DomainError)) throw refusal;
        // The gateway answered that this payment does not pay this order: the order waits for a payment again.
        await this.db.transaction(async (tx) => {
          await this.orders.transition(tx, order.id, ['verification_pending'], 'awaiting_payment', {
            now: this.clock.now(),
          });
          await this.orders.dequeue(tx, order.id);
        });
        this.logger.warn(
          { orderId: order.id, impUid: queued.impUid, refusal: refusal.code },
          'reconciliation: payment refused',
        );
        results.push({ orderId: order.id, outcome: 'refused' });
      }
    }
    return results;
  }

  /**
   * Tampering: the amount paid is not the order's. The payment is cancelled in full and the order fails. The
   * order is queued for reconciliation before the cancel is sent: if the cancel is made and recording it fails,
   * the job verifies the order again and finds the cancel in the payment's history.
   */
  async #refuseWrongAmount(order: Order, impUid: ImpUid, payment: GatewayPayment): Promise<Order> {
    const cancellable = payment.amount - payment.cancel_amount;
    const cancel = {
      impUid,
      amountKrw: cancellable,
      checksumKrw: cancellable,
      reason: wrongAmountReason(order, payment),
    };
    if (order.status !== 'verification_pending')
      await this.#queue(order, impUid, 'cancelling a payment of the wrong amount');
    try {
      await this.gateway.cancel(cancel);
    } catch (error) {
      return this.#awaitReconciliation(order, impUid, error);
    }
    this.logger.warn(
      { orderId: order.id, impUid, paid: payment.amount, total: order.totalKrw },
      'payment amount mismatch: cancelled in full',
    );
    try {
      return await this.#failWrongAmount(order, impUid, payment, {
        ...cancel,
        cancelledAt: new Date(this.clock.now()).toISOString(),
      });
    } catch (error) {
      this.logger.error(
        { err: error, orderId: order.id, impUid },
        'payment of the wrong amount cancelled but not recorded; reconciliation will record it',
      );
      return this.#reload(order.id);
    }
  }

  #failWrongAmount(order: Order, impUid: ImpUid, payment: GatewayPayment, cancellation: Cancellation): Promise<Order> {
    const paymentFailure = `The amount paid (${won(payment.amount)} won) was not this order's total (${won(order.totalKrw)} won), so the payment was cancelled in full.`;
    return this.#settle(order, impUid, 'payment_failed', { paymentFailure, cancellation });
  }

  async #settle(
    order: Order,
    impUid: ImpUid,
    status: 'paid' | 'payment_failed',
    extra: { paymentFailure?: string; cancellation?: Cancellation },
  ): Promise<Order> {
    const moved = await this.db.transaction(async (tx) => {
      const now = this.clock.now();
      if (!(await this.orders.transition(tx, order.id, UNDECIDED, status, { impUid, now, ...extra }))) return false;
      if (extra.cancellation) await this.orders.recordCancellation(tx, order.id, extra.cancellation);
      if (status === 'paid') await this.orders.queueTakeOut(tx, order.id, now);
      await this.orders.dequeue(tx, order.id);
      return true;
    });
    const current = await this.#reload(order.id);
    // Another verification decided first: the same payment gives the same answer, another one is refused.
    if (!moved) return this.verify(current, impUid);
    if (status === 'paid') await this.#takeOutOfCart(current);
    return current;
  }

  /**
   * The order is paid: its quantities leave the cart, and its take-out is dropped from `cart_take_outs`. A cart that
   * cannot be reached is logged and never fails the payment: the take-out stays for the reconciliation job.
   */
  async #takeOutOfCart(order: Order): Promise<boolean> {
    try {
      // Once per order: the cart storage remembers the orders it took out, so a repeat after a lost answer is harmless.
      await this.carts.takeOut(order.customerId, order.martId, order.id, order.lines);
      await this.orders.dropTakeOut(order.id);
      return true;
    } catch (error) {
      this.logger.error(
        { err: error, orderId: order.id },
        'paid order: its products could not be taken out of the cart yet; the reconciliation job tries again',
      );
      return false;
    }
  }

  /** The reconciliation job's part: paid orders whose products could not leave the cart then. Returns those taken out. */
  async takeOutPaidOrders(): Promise<OrderId[]> {
    const done: OrderId[] = [];
    for (const orderId of await this.orders.takeOutsDue()) {
      // The order exists: cart_take_outs references it.
      const order = await this.orders.find(orderId);
      if (order && (await this.#takeOutOfCart(order))) done.push(orderId);
    }
    return done;
  }

  /** The fallback when the gateway could not be asked: the order waits, queued for the reconciliation job. */
  async #awaitReconciliation(order: Order, impUid: ImpUid, error: unknown): Promise<Order> {
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(
      { orderId: order.id, impUid, reason },
      'payment gateway unavailable: order queued for reconciliation',
    );
    await this.#queue(order, impUid, reason);
    return this.#reload(order.id);
  }

  async #queue(order: Order, impUid: ImpUid, reason: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const now = this.clock.now();
      if (await this.orders.transition(tx, order.id, UNDECIDED, 'verification_pending', { now })) {
        await this.orders.queueForReconciliation(tx, order.id, impUid, reason, now);
      }
    });
  }

  async #reload(orderId: OrderId): Promise<Order> {
    const order = await this.orders.find(orderId);
    if (!order) throw new Error(`order ${orderId} vanished`);
    return order;
  }
}

const wrongAmountReason = (order: Order, payment: GatewayPayment) =>
  `Paid ${won(payment.amount)} won for an order of ${won(order.totalKrw)} won`;

/** The platform's own cancel of a payment of the wrong amount, when the payment's history holds it. */
function wrongAmountCancel(order: Order, payment: GatewayPayment): Cancellation | undefined {
  if (payment.amount === order.totalKrw) return undefined;
  let remaining = payment.amount;
  for (const entry of payment.cancel_history ?? []) {
    if (entry.reason === wrongAmountReason(order, payment)) {
      const cancelledAt = new Date(entry.cancelled_at * 1000).toISOString();
      return {
        impUid: payment.imp_uid as ImpUid,
        amountKrw: entry.amount,
        checksumKrw: remaining,
        reason: entry.reason,
        cancelledAt,
      };
    }
    remaining -= entry.amount;
  }
  return undefined;
}
