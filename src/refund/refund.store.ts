import { createHash } from 'node:crypto';
import type { Database } from '../platform/database.ts';
import { EXTENSIONS } from './image-type.ts';
import type {
  ImageStatus,
  ImageType,
  RefundId,
  RefundImageView,
  RefundProductView,
  RefundStatus,
} from './refund.types.ts';

const iso = (at: number) => new Date(at).toISOString();

export interface NewRefund {
  id: RefundId;
  orderId: string;
  martId: string;
  requestedBy: string;
  idempotencyKey: string;
  /** A hash of what the request said: a key sent again with another request is refused. */
  requestFingerprint: string;
  reason: string;
  amountKrw: number;
  products: { productId: string; quantity: number; unitPriceKrw: number }[];
  images: { bytes: Buffer; contentType: ImageType }[];
  now: number;
  /** Until then the outbox leaves the cancel alone: the request that created the refund tries it first. */
  cancelClaimedUntil: number;
}

export interface RefundRecord {
  id: RefundId;
  orderId: string;
  martId: string;
  idempotencyKey: string;
  /** Null for refunds made before requests were fingerprinted. */
  requestFingerprint: string | null;
  reason: string;
  amountKrw: number;
  status: RefundStatus;
  cancelAttempts: number;
  cancelLastError: string | null;
  createdAt: string;
}

interface RefundRow {
  id: string;
  order_id: string;
  mart_id: string;
  idempotency_key: string;
  request_fingerprint: string | null;
  reason: string;
  amount_krw: number;
  status: RefundStatus;
  cancel_attempts: number;
  cancel_last_error: string | null;
  created_at: Date | string;
}

export interface PendingImage {
  refundId: RefundId;
  seq: number;
  key: string;
  contentType: ImageType;
  bytes: Uint8Array;
  attempts: number;
}

export interface RefundsHeld {
  refunds: number;
  products: number;
  images: number;
}

/** A refund photo in the outbox: uploaded or not, its bytes still staged or not, and how often it was tried. */
export interface OutboxPhoto {
  seq: number;
  status: ImageStatus;
  key: string;
  staged: boolean;
  attempts: number;
}

/** Deterministic: the same image of the same refund always goes to the same key, so a retry overwrites. */
export const imageKey = (orderId: string, refundId: string, seq: number, type: ImageType) =>
  `refunds/${orderId}/${refundId}/${seq}.${EXTENSIONS[type]}`;

/** Refunds, their products and their image outbox, in Postgres. */
export class RefundStore {
  constructor(private readonly db: Database) {}

  /**
   * Creates the refund with its products and staged images in one short transaction, or returns false when
   * the order already has a refund (the unique constraint decides, whatever the timing). Nothing slow runs
   * inside: the bytes are already in memory, uploads happen later in the outbox.
   */
  async create(refund: NewRefund): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const inserted = await tx.query(
        `INSERT INTO refunds (id, order_id, mart_id, requested_by, idempotency_key, request_fingerprint, reason, amount_krw, cancel_next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (order_id) DO NOTHING RETURNING id`,
        [
          refund.id,
          refund.orderId,
          refund.martId,
          refund.requestedBy,
          refund.idempotencyKey,
          refund.requestFingerprint,
          refund.reason,
          refund.amountKrw,
          iso(refund.cancelClaimedUntil),
          iso(refund.now),
        ],
      );
      if (inserted.length === 0) return false;
      const { products } = refund;
      await tx.query(
        `INSERT INTO refund_products (refund_id, order_id, product_id, quantity, unit_price_krw)
         SELECT $1::text, $2::text, * FROM unnest($3::text[], $4::int[], $5::int[])`,
        [
          refund.id,
          refund.orderId,
          products.map((p) => p.productId),
          products.map((p) => p.quantity),
          products.map((p) => p.unitPriceKrw),
        ],
      );
      for (const [index, image] of refund.images.entries()) {
        const seq = index + 1;
        await tx.query(
          `INSERT INTO refund_images (refund_id, seq, content_type, byte_size, sha256, s3_key, staged_bytes, next_attempt_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            refund.id,
            seq,
            image.contentType,
            image.bytes.byteLength,
            createHash('sha256').update(image.bytes).digest('hex'),
            imageKey(refund.orderId, refund.id, seq, image.contentType),
            image.bytes,
            iso(refund.now),
          ],
        );
      }
      return true;
    });
  }

  async findByOrder(orderId: string): Promise<RefundRecord | undefined> {
    const [row] = await this.db.query<RefundRow>('SELECT * FROM refunds WHERE order_id = $1', [orderId]);
    return row && toRecord(row);
  }

  async find(id: RefundId): Promise<RefundRecord | undefined> {
    const [row] = await this.db.query<RefundRow>('SELECT * FROM refunds WHERE id = $1', [id]);
    return row && toRecord(row);
  }

  async products(id: RefundId): Promise<RefundProductView[]> {
    const rows = await this.db.query<{ product_id: string; quantity: number; unit_price_krw: number }>(
      'SELECT product_id, quantity, unit_price_krw FROM refund_products WHERE refund_id = $1 ORDER BY product_id',
      [id],
    );
    return rows.map((r) => ({
      productId: r.product_id,
      quantity: Number(r.quantity),
      unitPriceKrw: Number(r.unit_price_krw),
      amountKrw: Number(r.quantity) * Number(r.unit_price_krw),
    }));
  }

  async images(id: RefundId): Promise<RefundImageView[]> {
    const rows = await this.db.query<{
      seq: number;
      content_type: ImageType;
      byte_size: number;
      status: ImageStatus;
      s3_key: string;
    }>('SELECT seq, content_type, byte_size, status, s3_key FROM refund_images WHERE refund_id = $1 ORDER BY seq', [
      id,
    ]);
    return rows.map((r) => ({
      seq: Number(r.seq),
      contentType: r.content_type,
      byteSize: Number(r.byte_size),
      status: r.status,
      key: r.s3_key,
    }));
  }

  /** Refunds, refunded product lines and photos held, of one order or (undefined) of every order. */
  async held(orderId: string | undefined): Promise<RefundsHeld> {
    const [row] = await this.db.query<RefundsHeld>(
      `SELECT (SELECT count(*) FROM refunds WHERE $1::text IS NULL OR order_id = $1)::int AS refunds,
              (SELECT count(*) FROM refund_products WHERE $1::text IS NULL OR order_id = $1)::int AS products,
              (SELECT count(*) FROM refund_images i JOIN refunds r ON r.id = i.refund_id
               WHERE $1::text IS NULL OR r.order_id = $1)::int AS images`,
      [orderId ?? null],
    );
    return { refunds: Number(row?.refunds), products: Number(row?.products), images: Number(row?.images) };
  }

  /** The photos of the order's refund in the outbox, in order. */
  async outboxPhotos(orderId: string): Promise<OutboxPhoto[]> {
    const rows = await this.db.query<{
      seq: number;
      status: ImageStatus;
      s3_key: string;
      staged: boolean;
      attempts: number;
    }>(
      `SELECT i.seq, i.status, i.s3_key, i.staged_bytes IS NOT NULL AS staged, i.attempts FROM refund_images i
       JOIN refunds r ON r.id = i.refund_id WHERE r.order_id = $1 ORDER BY i.seq`,
      [orderId],
    );
    return rows.map((r) => ({
      seq: Number(r.seq),
      status: r.status,
      key: r.s3_key,
      staged: r.staged,
      attempts: Number(r.attempts),
    }));
  }

  /** Quantities of each product of the order already refunded. */
  async refundedQuantities(orderId: string): Promise<Map<string, number>> {
    const rows = await this.db.query<{ product_id: string; quantity: number }>(
      'SELECT product_id, sum(quantity)::int AS quantity FROM refund_products WHERE order_id = $1 GROUP BY product_id',
      [orderId],
    );
    return new Map(rows.map((r) => [r.product_id, Number(r.quantity)]));
  }

  /** When the order was delivered, or undefined while it is not. */
  async deliveredAt(orderId: string): Promise<number | undefined> {
    const [row] = await this.db.query<{ delivered_at: Date | string | null }>(
      'SELECT delivered_at FROM orders WHERE id = $1',
      [orderId],
    );
    return row?.delivered_at ? new Date(row.delivered_at).getTime() : undefined;
  }

  async markDelivered(orderId: string, now: number): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE orders SET delivered_at = $2, updated_at = $2 WHERE id = $1 AND payment_status IN ('paid', 'partially_cancelled') RETURNING id`,
      [orderId, iso(now)],
    );
    return rows.length === 1;
  }

  // The cancel outbox.

  /** Claims refunds whose cancel is due (and unclaimed) until `leaseUntil`; two workers never claim the same one. */
  async claimDueCancels(now: number, leaseUntil: number, limit: number): Promise<RefundRecord[]> {
    const rows = await this.db.query<RefundRow>(
      `UPDATE refunds SET cancel_next_attempt_at = $2
       WHERE id IN (SELECT id FROM refunds WHERE status = 'cancel_pending' AND cancel_next_attempt_at <= $1
                    ORDER BY cancel_next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [iso(now), iso(leaseUntil), limit],
    );
    return rows.map(toRecord);
  }

  async completeCancel(id: RefundId, now: number): Promise<void> {
    await this.db.query(
      `UPDATE refunds SET status = 'completed', completed_at = $2, cancel_attempts = cancel_attempts + 1, cancel_last_error = NULL
       WHERE id = $1 AND status = 'cancel_pending'`,
      [id, iso(now)],
    );
  }

  async cancelFailed(id: RefundId, error: string, retryAt: number | undefined): Promise<void> {
    await this.db.query(
      `UPDATE refunds SET cancel_attempts = cancel_attempts + 1, cancel_last_error = $2,
         status = CASE WHEN $3::timestamptz IS NULL THEN 'needs_review' ELSE status END,
         cancel_next_attempt_at = COALESCE($3::timestamptz, cancel_next_attempt_at)
       WHERE id = $1 AND status = 'cancel_pending'`,
      [id, error, retryAt === undefined ? null : iso(retryAt)],
    );
  }

  // The image outbox.

  /** Claims pending images that are due until `leaseUntil`, with their staged bytes. */
  async claimDueImages(now: number, leaseUntil: number, limit: number): Promise<PendingImage[]> {
    const rows = await this.db.query<{
      refund_id: string;
      seq: number;
      s3_key: string;
      content_type: ImageType;
      staged_bytes: Uint8Array;
      attempts: number;
    }>(
      `UPDATE refund_images SET next_attempt_at = $2
       WHERE (refund_id, seq) IN (SELECT refund_id, seq FROM refund_images WHERE status = 'pending' AND next_attempt_at <= $1
                                  ORDER BY next_attempt_at, refund_id, seq LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING refund_id, seq, s3_key, content_type, staged_bytes, attempts`,
      [iso(now), iso(leaseUntil), limit],
    );
    return rows.map((r) => ({
      refundId: r.refund_id as RefundId,
      seq: Number(r.seq),
      key: r.s3_key,
      contentType: r.content_type,
      bytes: r.staged_bytes,
      attempts: Number(r.attempts),
    }));
  }

  /** The image is in object storage: its staged bytes are dropped. */
  async imageUploaded(image: PendingImage, now: number): Promise<void> {
    await this.db.query(
      `UPDATE refund_images SET status = 'uploaded', staged_bytes = NULL, uploaded_at = $3, attempts = attempts + 1, last_error = NULL
       WHERE refund_id = $1 AND seq = $2 AND status = 'pending'`,
      [image.refundId, image.seq, iso(now)],
    );
  }

  async imageFailed(image: PendingImage, error: string, retryAt: number): Promise<void> {
    await this.db.query(
      `UPDATE refund_images SET attempts = attempts + 1, last_error = $3, next_attempt_at = $4
       WHERE refund_id = $1 AND seq = $2 AND status = 'pending'`,
      [image.refundId, image.seq, error, iso(retryAt)],
    );
  }
}

function toRecord(row: RefundRow): RefundRecord {
  return {
    id: row.id as RefundId,
    orderId: row.order_id,
    martId: row.mart_id,
    idempotencyKey: row.idempotency_key,
    requestFingerprint: row.request_fingerprint,
    reason: row.reason,
    amountKrw: Number(row.amount_krw),
    status: row.status,
    cancelAttempts: Number(row.cancel_attempts),
    cancelLastError: row.cancel_last_error,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
