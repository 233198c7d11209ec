-- Refunds. An order has at most one refund (the seed incident: "two refunds for one order"): the unique
-- constraint on refunds.order_id makes it true whatever the timing, and the idempotency key tells a repeated
-- request (answered with the existing refund) from a different one (refused).
ALTER TABLE orders ADD COLUMN IF NOT EXISTS delivered_at timestamptz;

CREATE TABLE refunds (
  id text PRIMARY KEY,
  order_id text NOT NULL UNIQUE REFERENCES orders (id) ON DELETE CASCADE,
  mart_id text NOT NULL REFERENCES marts (id),
  requested_by text NOT NULL,
  idempotency_key text NOT NULL,
  reason text NOT NULL,
  amount_krw integer NOT NULL CHECK (amount_krw > 0),
  -- cancel_pending: the payment company has not confirmed the cancel yet (the outbox worker retries it),
  -- completed: it confirmed, needs_review: it refused the cancel (a stale checksum) — a person must look.
  status text NOT NULL DEFAULT 'cancel_pending' CHECK (status IN ('cancel_pending', 'completed', 'needs_review')),
  cancel_attempts integer NOT NULL DEFAULT 0,
  cancel_next_attempt_at timestamptz NOT NULL,
  cancel_last_error text,
  created_at timestamptz NOT NULL,
  completed_at timestamptz
);

CREATE INDEX refunds_pending_cancel_idx ON refunds (cancel_next_attempt_at) WHERE status = 'cancel_pending';

-- The products refunded, at the unit price the customer paid.
CREATE TABLE refund_products (
  refund_id text NOT NULL REFERENCES refunds (id) ON DELETE CASCADE,
  order_id text NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  product_id text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_price_krw integer NOT NULL CHECK (unit_price_krw > 0),
  PRIMARY KEY (refund_id, product_id),
  FOREIGN KEY (order_id, product_id) REFERENCES order_lines (order_id, product_id)
);

-- The photos sent with a refund, and the upload outbox. The bytes are staged here, in the same transaction as
-- the refund, before the request is answered (the seed incident's second act: a temp file read after the
-- request had ended was gone). The uploader moves pending → uploaded, writes the object key and drops the bytes.
CREATE TABLE refund_images (
  refund_id text NOT NULL REFERENCES refunds (id) ON DELETE CASCADE,
  seq integer NOT NULL CHECK (seq BETWEEN 1 AND 100),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  byte_size integer NOT NULL CHECK (byte_size > 0),
  sha256 text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'uploaded')),
  -- Deterministic (refunds/<order>/<refund>/<seq>.<ext>): a retried upload overwrites, never duplicates.
  s3_key text NOT NULL UNIQUE,
  staged_bytes bytea,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  uploaded_at timestamptz,
  PRIMARY KEY (refund_id, seq),
  CHECK ((status = 'pending') = (staged_bytes IS NOT NULL))
);

CREATE INDEX refund_images_pending_idx ON refund_images (next_attempt_at) WHERE status = 'pending';
