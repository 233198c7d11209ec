-- Orders and their payment. Money is integer KRW; times come from the platform's clock.
CREATE TABLE orders (
  id text PRIMARY KEY,
  customer_id text NOT NULL,
  mart_id text NOT NULL REFERENCES marts (id),
  total_krw integer NOT NULL CHECK (total_krw > 0),
  payment_status text NOT NULL DEFAULT 'awaiting_payment' CHECK (payment_status IN
    ('awaiting_payment', 'paid', 'payment_failed', 'verification_pending', 'partially_cancelled', 'cancelled')),
  -- The gateway payment (PortOne imp_uid) this order was settled with: accepted, or refused and cancelled.
  imp_uid text UNIQUE,
  -- Why a payment was refused, in words the customer is shown.
  payment_failure text,
  -- How much of the accepted payment has been cancelled (returned to the customer).
  cancelled_krw integer NOT NULL DEFAULT 0 CHECK (cancelled_krw >= 0 AND cancelled_krw <= total_krw),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE INDEX orders_customer_idx ON orders (customer_id);

-- What was ordered, at the unit price of the moment the order was placed.
CREATE TABLE order_lines (
  order_id text NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  product_id text NOT NULL,
  product_name text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_price_krw integer NOT NULL CHECK (unit_price_krw > 0),
  PRIMARY KEY (order_id, product_id)
);

-- Every cancel the gateway accepted, with the checksum (cancellable amount) the platform sent.
CREATE TABLE payment_cancellations (
  order_id text NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  imp_uid text NOT NULL,
  amount_krw integer NOT NULL CHECK (amount_krw > 0),
  checksum_krw integer NOT NULL,
  reason text NOT NULL,
  cancelled_at timestamptz NOT NULL,
  PRIMARY KEY (order_id, seq)
);

-- Orders whose payment could not be verified (the gateway did not answer): the reconciliation job's queue.
CREATE TABLE payment_reconciliations (
  order_id text PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
  imp_uid text NOT NULL,
  attempts integer NOT NULL DEFAULT 1,
  last_error text NOT NULL,
  queued_at timestamptz NOT NULL,
  last_attempt_at timestamptz NOT NULL
);
