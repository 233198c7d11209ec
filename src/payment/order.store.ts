import type { CustomerId, MartId } from '../platform/auth.ts';
import type { Queryable } from '../platform/database.ts';
import type { ProductId } from '../catalog/catalog.types.ts';
import type {
  Cancellation,
  ImpUid,
  Order,
  OrderId,
  PaymentStatus,
  PendingCancel,
  QueuedVerification,
} from './payment.types.ts';

interface OrderRow {
  id: string;
  customer_id: string;
  mart_id: string;
  total_krw: number;
  payment_status: PaymentStatus;
  imp_uid: string | null;
  payment_failure: string | null;
  cancelled_krw: number;
  created_at: Date | string;
}

interface LineRow {
  product_id: string;
  product_name: string;
  quantity: number;
  unit_price_krw: number;
}

interface CancelRow {
  order_id: string;
  seq: number;
  imp_uid: string;
  amount_krw: number;
  checksum_krw: number;
  reason: string;
  idempotency_key: string | null;
  status: 'pending' | 'made';
  requested_at: Date | string;
}

/** A cancel made or under way, as the decision about a new cancel request needs it. */
export type CancelUnderWay = PendingCancel & { status: 'pending' | 'made' };

const iso = (at: number) => new Date(at).toISOString();

/** What a status change writes besides the status. */
export interface StatusChange {
  impUid?: ImpUid;
  paymentFailure?: string;
  now: number;
}

/** Orders, their cancel history and the reconciliation queue, in Postgres. Writes take the open transaction. */
export class OrderStore {
  constructor(private readonly db: Queryable) {}

  async insert(tx: Queryable, order: Order): Promise<void> {
    await tx.query(
      `INSERT INTO orders (id, customer_id, mart_id, total_krw, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)`,
      [order.id, order.customerId, order.martId, order.totalKrw, order.createdAt],
    );
    const { lines } = order;
    await tx.query(
      `INSERT INTO order_lines (order_id, product_id, product_name, quantity, unit_price_krw)
       SELECT $1::text, * FROM unnest($2::text[], $3::text[], $4::int[], $5::int[])`,
      [
        order.id,
        lines.map((l) => l.productId),
        lines.map((l) => l.name),
        lines.map((l) => l.quantity),
        lines.map((l) => l.unitPriceKrw),
      ],
    );
  }

  /** The order with its lines, read in one statement (one snapshot). */
  async find(id: string): Promise<Order | undefined> {
    const [row] = await this.db.query<OrderRow & { lines: LineRow[] }>(
      `SELECT o.*, COALESCE(
         (SELECT json_agg(l ORDER BY l.product_name) FROM order_lines l WHERE l.order_id = o.id), '[]'
       ) AS lines
       FROM orders o WHERE o.id = $1`,
      [id],
    );
    return row && toOrder(row, row.lines);
  }

  /** Moves the order to `to` only from one of `from`; false when it was not in one of them (someone else moved it). */
  async transition(
    tx: Queryable,
    id: OrderId,
    from: readonly PaymentStatus[],
    to: PaymentStatus,
    change: StatusChange,
  ): Promise<boolean> {
    const moved = await tx.query(
      `UPDATE orders SET payment_status = $3, imp_uid = COALESCE($4, imp_uid),
         payment_failure = COALESCE($5, payment_failure), updated_at = $6
       WHERE id = $1 AND payment_status = ANY($2::text[]) RETURNING id`,
      [id, from, to, change.impUid ?? null, change.paymentFailure ?? null, iso(change.now)],
    );
    return moved.length === 1;
  }

  /** A cancel made and settled in one step (a tampered payment cancelled in full while it is verified). */
  async recordCancellation(tx: Queryable, orderId: OrderId, cancellation: Cancellation): Promise<void> {
    await tx.query(
      `INSERT INTO payment_cancellations (order_id, seq, imp_uid, amount_krw, checksum_krw, reason, cancelled_at, requested_at, idempotency_key)
       SELECT $1::text, coalesce(max(seq), 0) + 1, $2::text, $3::int, $4::int, $5::text, $6::timestamptz, $6::timestamptz, $7::text
       FROM payment_cancellations WHERE order_id = $1`,
      [
        orderId,
        cancellation.impUid,
        cancellation.amountKrw,
        cancellation.checksumKrw,
        cancellation.reason,
        cancellation.cancelledAt,
        cancellation.idempotencyKey ?? null,
      ],
    );
  }

  async cancellations(orderId: OrderId): Promise<Cancellation[]> {
    const rows = await this.db.query<{
      imp_uid: string;
      amount_krw: number;
      checksum_krw: number;
      reason: string;
      cancelled_at: Date | string;
      idempotency_key: string | null;
    }>(`SELECT * FROM payment_cancellations WHERE order_id = $1 AND status = 'made' ORDER BY seq`, [orderId]);
    return rows.map((r) => ({
      impUid: r.imp_uid as ImpUid,
      amountKrw: Number(r.amount_krw),
      checksumKrw: Number(r.checksum_krw),
      reason: r.reason,
      cancelledAt: new Date(r.cancelled_at).toISOString(),
      ...(r.idempotency_key ? { idempotencyKey: r.idempotency_key } : {}),
    }));
  }

  // Cancels under way: written down before the gateway is asked, settled or dropped after.

  /** The order's payment, its row locked until the transaction ends: cancels of one order are decided one at a time. */
  async lockForCancel(
    tx: Queryable,
    id: OrderId,
  ): Promise<Pick<Order, 'status' | 'totalKrw' | 'cancelledKrw' | 'impUid'> | undefined> {
    const [row] = await tx.query<OrderRow>('SELECT * FROM orders WHERE id = $1 FOR UPDATE', [id]);
    return (
      row && {
        status: row.payment_status,
        totalKrw: Number(row.total_krw),
        cancelledKrw: Number(row.cancelled_krw),
        impUid: row.imp_uid as ImpUid | null,
      }
    );
  }

  /** The order's cancel under way, and the cancel made or under way with this key; either may be missing. */
  async cancelsAround(
    tx: Queryable,
    orderId: OrderId,
    key: string,
  ): Promise<{ pending?: CancelUnderWay; keyed?: CancelUnderWay }> {
    const rows = await tx.query<CancelRow>(
      `SELECT * FROM payment_cancellations WHERE order_id = $1 AND (status = 'pending' OR idempotency_key = $2)`,
      [orderId, key],
    );
    const found = rows.map(toCancelUnderWay);
    return { pending: found.find((c) => c.status === 'pending'), keyed: found.find((c) => c.idempotencyKey === key) };
  }

  /** Writes the cancel down as pending, claimed by its request until `claimedUntil`. */
  async addPendingCancel(
    tx: Queryable,
    cancel: Omit<PendingCancel, 'seq'>,
    claimedUntil: number,
  ): Promise<PendingCancel> {
    const [row] = await tx.query<{ seq: number }>(
      `INSERT INTO payment_cancellations (order_id, seq, imp_uid, amount_krw, checksum_krw, reason, idempotency_key, status, requested_at, claimed_until)
       SELECT $1::text, coalesce(max(seq), 0) + 1, $2::text, $3::int, $4::int, $5::text, $6::text, 'pending', $7::timestamptz, $8::timestamptz
       FROM payment_cancellations WHERE order_id = $1 RETURNING seq`,
      [
        cancel.orderId,
        cancel.impUid,
        cancel.amountKrw,
        cancel.checksumKrw,
        cancel.reason,
        cancel.idempotencyKey,
        iso(cancel.requestedAt),
        iso(claimedUntil),
      ],
    );
    return { ...cancel, seq: Number(row!.seq) };
  }

  /** Takes over a pending cancel nobody works on (its claim ran out) until `claimedUntil`; false when someone does. */
  async claimPendingCancel(tx: Queryable, cancel: PendingCancel, now: number, claimedUntil: number): Promise<boolean> {
    const claimed = await tx.query(
      `UPDATE payment_cancellations SET claimed_until = $4
       WHERE order_id = $1 AND seq = $2 AND status = 'pending' AND claimed_until <= $3 RETURNING seq`,
      [cancel.orderId, cancel.seq, iso(now), iso(claimedUntil)],
    );
    return claimed.length === 1;
  }

  /** How many orders there are, whatever their status. */
  async count(): Promise<number> {
    const [row] = await this.db.query<{ count: number }>('SELECT count(*)::int AS count FROM orders');
    return Number(row?.count);
  }

  /** The order's cancels written down and not settled yet. */
  async pendingCancels(orderId: OrderId): Promise<CancelUnderWay[]> {
    const rows = await this.db.query<CancelRow>(
      `SELECT * FROM payment_cancellations WHERE order_id = $1 AND status = 'pending' ORDER BY seq`,
      [orderId],
    );
    return rows.map(toCancelUnderWay);
  }

  /** Claims pending cancels nobody works on, for the reconciliation job; two instances never claim the same one. */
  async claimAbandonedCancels(now: number, claimedUntil: number, limit: number): Promise<PendingCancel[]> {
    const rows = await this.db.query<CancelRow>(
      `UPDATE payment_cancellations SET claimed_until = $2
       WHERE (order_id, seq) IN (SELECT order_id, seq FROM payment_cancellations WHERE status = 'pending' AND claimed_until <= $1
                                 ORDER BY requested_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [iso(now), iso(claimedUntil), limit],
    );
    return rows.map(toCancelUnderWay);
  }

  /** Lets a retry or the reconciliation job take the pending cancel over at once. */
  async releasePendingCancel(cancel: PendingCancel, now: number): Promise<void> {
    await this.db.query(
      `UPDATE payment_cancellations SET claimed_until = $3 WHERE order_id = $1 AND seq = $2 AND status = 'pending'`,
      [cancel.orderId, cancel.seq, iso(now)],
    );
  }

  /**
   * The gateway made the cancel: it becomes part of the history and of the order's cancelled amount (`cancelled`
   * when nothing remains). False when it was settled already (by a retry or the reconciliation job).
   */
  async settleCancel(tx: Queryable, cancel: PendingCancel, now: number): Promise<boolean> {
    const settled = await tx.query(
      `UPDATE payment_cancellations SET status = 'made', cancelled_at = $3, claimed_until = NULL
       WHERE order_id = $1 AND seq = $2 AND status = 'pending' RETURNING seq`,
      [cancel.orderId, cancel.seq, iso(now)],
    );
    if (settled.length === 0) return false;
    await tx.query(
      `UPDATE orders SET cancelled_krw = cancelled_krw + $2, updated_at = $3,
         payment_status = CASE WHEN cancelled_krw + $2 = total_krw THEN 'cancelled' ELSE 'partially_cancelled' END
       WHERE id = $1`,
      [cancel.orderId, cancel.amountKrw, iso(now)],
    );
    return true;
  }

  /** The gateway did not make the cancel: it is dropped, and the order may be cancelled again. */
  async dropPendingCancel(cancel: PendingCancel): Promise<void> {
    await this.db.query(`DELETE FROM payment_cancellations WHERE order_id = $1 AND seq = $2 AND status = 'pending'`, [
      cancel.orderId,
      cancel.seq,
    ]);
  }

  /** Queues the order for reconciliation, or counts one more failed attempt when it is queued already. */
  async queueForReconciliation(
    tx: Queryable,
    orderId: OrderId,
    impUid: ImpUid,
    error: string,
    now: number,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO payment_reconciliations (order_id, imp_uid, last_error, queued_at, last_attempt_at) VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (order_id) DO UPDATE SET imp_uid = $2, last_error = $3, last_attempt_at = $4,
         attempts = payment_reconciliations.attempts + 1`,
      [orderId, impUid, error, iso(now)],
    );
  }

  async dequeue(tx: Queryable, orderId: OrderId): Promise<void> {
    await tx.query('DELETE FROM payment_reconciliations WHERE order_id = $1', [orderId]);
  }

  /** The order is paid: its products are to leave the customer's cart (written in the same transaction). */
  async queueTakeOut(tx: Queryable, orderId: OrderId, now: number): Promise<void> {
    await tx.query('INSERT INTO cart_take_outs (order_id, queued_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      orderId,
      iso(now),
    ]);
  }

  /** The order's products are out of the cart. */
  async dropTakeOut(orderId: OrderId): Promise<void> {
    await this.db.query('DELETE FROM cart_take_outs WHERE order_id = $1', [orderId]);
  }

  /** Paid orders whose products have not left the cart yet, oldest first. */
  async takeOutsDue(): Promise<OrderId[]> {
    const rows = await this.db.query<{ order_id: string }>(
      'SELECT order_id FROM cart_take_outs ORDER BY queued_at, order_id',
    );
    return rows.map((r) => r.order_id as OrderId);
  }

  async queued(): Promise<QueuedVerification[]> {
    const rows = await this.db.query<{ order_id: string; imp_uid: string; attempts: number }>(
      'SELECT order_id, imp_uid, attempts FROM payment_reconciliations ORDER BY queued_at, order_id',
    );
    return rows.map((r) => ({
      orderId: r.order_id as OrderId,
      impUid: r.imp_uid as ImpUid,
      attempts: Number(r.attempts),
    }));
  }
}

function toOrder(row: OrderRow, lines: LineRow[]): Order {
  return {
    id: row.id as OrderId,
    customerId: row.customer_id as CustomerId,
    martId: row.mart_id as MartId,
    totalKrw: Number(row.total_krw),
    status: row.payment_status,
    impUid: row.imp_uid as ImpUid | null,
    paymentFailure: row.payment_failure,
    cancelledKrw: Number(row.cancelled_krw),
    createdAt: new Date(row.created_at).toISOString(),
    lines: lines.map((l) => ({
      productId: l.product_id as ProductId,
      name: l.product_name,
      quantity: Number(l.quantity),
      unitPriceKrw: Number(l.unit_price_krw),
    })),
  };
}

function toCancelUnderWay(row: CancelRow): CancelUnderWay {
  return {
    orderId: row.order_id as OrderId,
    seq: Number(row.seq),
    impUid: row.imp_uid as ImpUid,
    amountKrw: Number(row.amount_krw),
    checksumKrw: Number(row.checksum_krw),
    reason: row.reason,
    idempotencyKey: row.idempotency_key ?? '',
    status: row.status,
    requestedAt: new Date(row.requested_at).getTime(),
  };
}
