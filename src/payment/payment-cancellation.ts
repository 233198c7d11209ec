import type { Clock } from '../platform/clock.ts';
import type { Database } from '../platform/database.ts';
import { conflict, unprocessable } from '../platform/errors.ts';
import type { OrderStore } from './order.store.ts';
import { won } from './order.view.ts';
import type { Cancellation, Order } from './payment.types.ts';
import { gatewayFailure } from './payment.errors.ts';
import type { CancelRequest, PortOneClient } from './portone.client.ts';
import { GatewayRefused } from './portone.errors.ts';

export interface CancelOrder {
  /** Omitted: everything that remains. */
  amountKrw?: number | undefined;
  reason: string;
  /** The mart's key for this request: sent again, it gets the cancel already made. */
  idempotencyKey?: string | undefined;
}

/**
 * Cancelling (part of) an accepted payment — what refunds use. Each cancel tells the gateway the cancellable
 * amount the platform believes remains (`checksum`), so a duplicated cancel is refused by the gateway; asking
 * for more than remains is refused before the gateway is called. Every accepted cancel is kept in the history.
 */
export class PaymentCancellation {
  constructor(
    private readonly db: Database,
    private readonly orders: OrderStore,
    private readonly gateway: PortOneClient,
    private readonly clock: Clock,
  ) {}

  async cancel(order: Order, request: CancelOrder): Promise<Order> {
    if (request.idempotencyKey && (await this.#madeBefore(order, request))) return (await this.orders.find(order.id))!;
    if (!order.impUid || (order.status !== 'paid' && order.status !== 'partially_cancelled')) {
      throw conflict('ORDER_NOT_CANCELLABLE', `Only a paid order can be cancelled; this one is ${order.status.replaceAll('_', ' ')}.`);
    }
    const remaining = order.totalKrw - order.cancelledKrw;
    const amountKrw = request.amountKrw ?? remaining;
    if (amountKrw > remaining) {
      throw unprocessable('CANCEL_EXCEEDS_REMAINING', `Only ${won(remaining)} won of this payment can still be cancelled.`, { remainingKrw: remaining });
    }
    const cancel = { impUid: order.impUid, amountKrw, checksumKrw: remaining, reason: request.reason, idempotencyKey: request.idempotencyKey };
    try {
      await this.gateway.cancel(cancel);
    } catch (error) {
      // PortOne refuses a cancel with HTTP 200 and a non-zero code (a stale checksum, say).
      const refusedByChecksum = error instanceof GatewayRefused && error.status === 200;
      if (!(error instanceof GatewayRefused) || refusedByChecksum) {
        if (await this.#wentThrough(cancel)) return this.#record(order, cancel);
      }
      if (refusedByChecksum) throw conflict('CANCEL_REFUSED_BY_GATEWAY', `The payment company refused the cancel: ${error.message}`);
      throw gatewayFailure(error, 'The payment company cannot be reached; nothing was cancelled. Please try again shortly.');
    }
    return this.#record(order, cancel);
  }

  /** Whether this request's key already made a cancel (then it is answered again); the key on another request is refused. */
  async #madeBefore(order: Order, request: CancelOrder): Promise<boolean> {
    const made = (await this.orders.cancellations(order.id)).find((c) => c.idempotencyKey === request.idempotencyKey);
    if (!made) return false;
    if (made.reason !== request.reason || (request.amountKrw !== undefined && request.amountKrw !== made.amountKrw)) {
      throw unprocessable('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different cancel; a new request needs a new key.');
    }
    return true;
  }

  /**
   * Whether a cancel went through although its call failed: an attempt whose answer was lost may have landed,
   * and then the retry is refused because its checksum is stale. The payment is fetched again; the cancel went
   * through when the payment's last cancel is this one (amount and reason) and exactly that much less remains.
   */
  async #wentThrough(cancel: CancelRequest): Promise<boolean> {
    const payment = await this.gateway.getPayment(cancel.impUid).catch(() => undefined);
    const last = payment?.cancel_history?.at(-1);
    return (
      payment !== undefined &&
      payment.amount - payment.cancel_amount === cancel.checksumKrw - cancel.amountKrw &&
      last?.amount === cancel.amountKrw &&
      last.reason === cancel.reason
    );
  }

  /**
   * Records a cancel the gateway carried out. The gateway accepted one cancel for this checksum, so when the
   * order has moved on, an identical request that ran at the same time (a double click) found that same cancel
   * through `#wentThrough` and recorded it first: this one answers with the order as it is now.
   */
  async #record(order: Order, cancel: CancelRequest & Pick<CancelOrder, 'idempotencyKey'>): Promise<Order> {
    const { amountKrw, checksumKrw: remaining } = cancel;
    const recorded = await this.db.transaction(async (tx) => {
      const now = this.clock.now();
      if (!(await this.orders.addCancelled(tx, order.id, amountKrw, remaining, now))) return false;
      await this.orders.recordCancellation(tx, order.id, { ...cancel, cancelledAt: new Date(now).toISOString() });
      return true;
    });
    const sameCancel = (c: Cancellation) => c.amountKrw === amountKrw && c.checksumKrw === remaining && c.reason === cancel.reason;
    if (!recorded && !(await this.orders.cancellations(order.id)).some(sameCancel)) {
      throw conflict('CANCEL_REFUSED_BY_GATEWAY', 'Another cancel changed what remains of this payment; look at the order and try again.');
    }
    return (await this.orders.find(order.id))!;
  }
}
