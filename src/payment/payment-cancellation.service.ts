import { createHash } from 'node:crypto';
import { MINUTE, type Clock } from '../platform/clock.ts';
import type { Database } from '../platform/database.ts';
import { conflict, unprocessable } from '../platform/errors.ts';
import type { Logger } from '../platform/logger.ts';
import type { OrderStore } from './order.store.ts';
import { won } from './order.view.ts';
import type { Order, OrderId, PendingCancel } from './payment.types.ts';
import { gatewayFailure } from './payment.errors.ts';
import type { GatewayPayment, PortOneClient } from './portone.client.ts';
import { GatewayRefused } from './portone.errors.ts';

/**
 * How long the request that wrote a cancel down works on it alone. It outlasts the gateway client's tries
 * (3 × 5 s by default) by far, so a cancel still unsettled after it is no longer on its way to the gateway.
 */
export const CANCEL_CLAIM_MS = 5 * MINUTE;

/** Abandoned cancels the reconciliation job settles per run. */
const RECONCILE_BATCH = 50;

export interface CancelOrder {
  /** Omitted: everything that remains. */
  amountKrw?: number | undefined;
  reason: string;
  /** The mart's key for this request: sent again, it gets the cancel already made. */
  idempotencyKey?: string | undefined;
}

export interface CancelOutcome {
  order: Order;
  /** False when the gateway made the cancel but it could not be recorded yet: the reconciliation job settles it. */
  recorded: boolean;
}

/** What one run of the reconciliation job did with abandoned cancels. */
export interface CancelReconciliation {
  settled: number;
  dropped: number;
  waiting: number;
}

/**
 * Without an Idempotency-Key, a cancel is known by what it says: the same amount (or "the rest") for the same
 * reason of the same order is the same cancel, however it is repeated. Why not refuse keyless cancels instead:
 * the order's row lock alone only stops duplicates that overlap, while a repeat arriving just after the first
 * was settled would be sent with the new checksum and paid twice; saying the same thing twice is a repeat far
 * more often than two cancels, and a mart that means two sends its own keys (as the mart's app does).
 */
export const cancelFingerprint = (request: Pick<CancelOrder, 'amountKrw' | 'reason'>) =>
  `fp:${createHash('sha256')
    .update(JSON.stringify({ amountKrw: request.amountKrw ?? 'rest', reason: request.reason }))
    .digest('hex')}`;

/**
 * Whether the gateway made this cancel: the payment's history holds a cancel of its amount and reason made when
 * exactly its checksum remained. The gateway accepts one cancel per checksum, so that entry can be no other.
 */
export function madeAtGateway(
  payment: GatewayPayment,
  cancel: Pick<PendingCancel, 'amountKrw' | 'checksumKrw' | 'reason'>,
): boolean {
  let remaining = payment.amount;
  for (const entry of payment.cancel_history ?? []) {
    if (remaining === cancel.checksumKrw && entry.amount === cancel.amountKrw && entry.reason === cancel.reason)
      return true;
    remaining -= entry.amount;
  }
  return false;
}

/**
 * Cancelling (part of) an accepted payment — what refunds use. Money never moves without a record: the cancel is
 * written down (pending, in its own committed write) before the gateway is asked, and settled after. The write
 * holds the order's row lock, so one cancel per order is under way at a time and each tells the gateway what
 * really remains (`checksum`); the gateway refuses a cancel whose checksum is stale, so a cancel sent twice is
 * made once. A cancel whose outcome was not learned stays pending: a retry of the same request, or the
 * reconciliation job, settles it against the payment's history.
 */
export class PaymentCancellation {
  constructor(
    private readonly db: Database,
    private readonly orders: OrderStore,
    private readonly gateway: PortOneClient,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async cancel(order: Order, request: CancelOrder): Promise<CancelOutcome> {
    const written = await this.#writeDown(order.id, request, request.idempotencyKey ?? cancelFingerprint(request));
    if (written === 'made before') return { order: await this.#reload(order.id), recorded: true };
    return this.#carryOut(order, written.cancel, written.resumed);
  }

  /** The order's cancels under way: written down before the gateway was asked, and not settled yet. */
  underWay(orderId: OrderId): Promise<PendingCancel[]> {
    return this.orders.pendingCancels(orderId);
  }

  /**
   * The reconciliation job: settles cancels nobody works on any more — made at the gateway: recorded; not made
   * and too old to be on their way: dropped. A gateway that cannot be asked leaves them for the next run.
   */
  async reconcile(): Promise<CancelReconciliation> {
    const run: CancelReconciliation = { settled: 0, dropped: 0, waiting: 0 };
    const now = this.clock.now();
    for (const cancel of await this.orders.claimAbandonedCancels(now, now + CANCEL_CLAIM_MS, RECONCILE_BATCH)) {
      const payment = await this.gateway.getPayment(cancel.impUid).catch((error: unknown) => {
        this.logger.warn(
          { orderId: cancel.orderId, reason: error instanceof Error ? error.message : String(error) },
          'pending cancel: payment could not be read',
        );
        return undefined;
      });
      if (payment && madeAtGateway(payment, cancel)) {
        // False when a retry of the same cancel settled it first: nothing left to record here.
        if (await this.db.transaction((tx) => this.orders.settleCancel(tx, cancel, this.clock.now()))) {
          this.logger.info(
            { orderId: cancel.orderId, amountKrw: cancel.amountKrw },
            'pending cancel found made at the payment company: recorded',
          );
          run.settled++;
        }
      } else if (payment && now - cancel.requestedAt >= CANCEL_CLAIM_MS) {
        await this.orders.dropPendingCancel(cancel);
        this.logger.info(
          { orderId: cancel.orderId, amountKrw: cancel.amountKrw },
          'pending cancel never reached the payment company: dropped',
        );
        run.dropped++;
      } else {
        await this.orders.releasePendingCancel(cancel, now);
        run.waiting++;
      }
    }
    return run;
  }

  /**
   * Writes the cancel down under the order's row lock, or finds it: made before with this key (the same request
   * again), or pending with this key and abandoned (taken over, to be resumed with its own checksum). Any other
   * cancel under way makes this one wait. Every refusal here comes before the gateway is asked.
   */
  async #writeDown(
    orderId: OrderId,
    request: CancelOrder,
    key: string,
  ): Promise<'made before' | { cancel: PendingCancel; resumed: boolean }> {
    return this.db.transaction(async (tx) => {
      const now = this.clock.now();
      const order = await this.orders.lockForCancel(tx, orderId);
      const { pending, keyed } = await this.orders.cancelsAround(tx, orderId, key);
      if (keyed) {
        if (
          keyed.reason !== request.reason ||
          (request.amountKrw !== undefined && request.amountKrw !== keyed.amountKrw)
        ) {
          throw unprocessable(
            'IDEMPOTENCY_KEY_REUSED',
            'This Idempotency-Key was already used for a different cancel; a new request needs a new key.',
          );
        }
        if (keyed.status === 'made') return 'made before';
        if (await this.orders.claimPendingCancel(tx, keyed, now, now + CANCEL_CLAIM_MS))
          return { cancel: keyed, resumed: true };
        throw conflict(
          'CANCEL_IN_PROGRESS',
          'This cancel is being made right now; look at the order again in a moment.',
        );
      }
      if (pending)
        throw conflict(
          'CANCEL_IN_PROGRESS',
          'Another cancel of this order is being made right now; try again in a moment.',
        );
      if (!order?.impUid || (order.status !== 'paid' && order.status !== 'partially_cancelled')) {
        const status = order?.status.replaceAll('_', ' ') ?? 'gone';
        throw conflict('ORDER_NOT_CANCELLABLE', `Only a paid order can be cancelled; this one is ${status}.`);
      }
      const remaining = order.totalKrw - order.cancelledKrw;
      const amountKrw = request.amountKrw ?? remaining;
      if (amountKrw > remaining) {
        throw unprocessable(
          'CANCEL_EXCEEDS_REMAINING',
          `Only ${won(remaining)} won of this payment can still be cancelled.`,
          { remainingKrw: remaining },
        );
      }
      const cancel = {
        orderId,
        impUid: order.impUid,
        amountKrw,
        checksumKrw: remaining,
        reason: request.reason,
        idempotencyKey: key,
        requestedAt: now,
      };
      return { cancel: await this.orders.addPendingCancel(tx, cancel, now + CANCEL_CLAIM_MS), resumed: false };
    });
  }

  /** Asks the gateway (a resumed cancel: only if its history does not show it made yet), then settles. */
  async #carryOut(order: Order, cancel: PendingCancel, resumed: boolean): Promise<CancelOutcome> {
    if (resumed) {
      const payment = await this.gateway.getPayment(cancel.impUid).catch(() => undefined);
      if (payment && madeAtGateway(payment, cancel)) return this.#settle(order, cancel);
    }
    try {
      await this.gateway.cancel(cancel);
    } catch (error) {
      return this.#notConfirmed(order, cancel, error);
    }
    return this.#settle(order, cancel);
  }

  /**
   * The call failed, yet the cancel may have gone through: a try whose answer was lost may have landed, and
   * then the retry is refused for its stale checksum. The payment's history decides. A cancel the gateway
   * refused and did not make is dropped; one whose fate is unknown (no answer: it may still land) stays
   * pending, released at once to a retry of the same request or to the reconciliation job.
   */
  async #notConfirmed(order: Order, cancel: PendingCancel, error: unknown): Promise<CancelOutcome> {
    const payment = await this.gateway.getPayment(cancel.impUid).catch(() => undefined);
    if (payment && madeAtGateway(payment, cancel)) return this.#settle(order, cancel);
    const gatewaySaid = error instanceof Error ? error.message : String(error);
    if (payment && error instanceof GatewayRefused) {
      this.logger.warn(
        { orderId: cancel.orderId, amountKrw: cancel.amountKrw, checksumKrw: cancel.checksumKrw, gatewaySaid },
        'cancel refused by the payment company',
      );
      await this.orders.dropPendingCancel(cancel);
      // PortOne refuses a cancel with HTTP 200 and a non-zero code when the checksum is stale.
      if (error.status === 200) {
        throw conflict(
          'CANCEL_REFUSED_BY_GATEWAY',
          'The payment company refused the cancel: it holds a different amount as still cancellable than this order shows, so part may have been cancelled elsewhere. Nothing was cancelled.',
        );
      }
      throw gatewayFailure(error, 'The payment company refused the cancel; nothing was cancelled.');
    }
    this.logger.warn(
      { orderId: cancel.orderId, amountKrw: cancel.amountKrw, gatewaySaid },
      'cancel not confirmed by the payment company; it stays pending',
    );
    await this.orders.releasePendingCancel(cancel, this.clock.now());
    throw gatewayFailure(
      error,
      'The payment company did not confirm the cancel. Send the same request again shortly: it is made and recorded at most once.',
    );
  }

  /**
   * Records the cancel the gateway made. If that write fails, the cancel stays pending and is released to the
   * reconciliation job, which records it from the payment's history; the caller learns it is not recorded yet.
   */
  async #settle(order: Order, cancel: PendingCancel): Promise<CancelOutcome> {
    try {
      await this.db.transaction((tx) => this.orders.settleCancel(tx, cancel, this.clock.now()));
    } catch (error) {
      this.logger.error(
        { err: error, orderId: cancel.orderId, amountKrw: cancel.amountKrw },
        'cancel made at the payment company but not recorded; reconciliation will record it',
      );
      // Best effort: if even this fails, the claim runs out on its own after CANCEL_CLAIM_MS.
      await this.orders.releasePendingCancel(cancel, this.clock.now()).catch(() => undefined);
      return { order, recorded: false };
    }
    return { order: await this.#reload(cancel.orderId), recorded: true };
  }

  async #reload(orderId: OrderId): Promise<Order> {
    const order = await this.orders.find(orderId);
    if (!order) throw new Error(`order ${orderId} vanished`);
    return order;
  }
}
