-- A paid order's products leave its customer's cart. The order is written here in the transaction that marks it
-- paid and removed once its products are out; when the cart storage could not be reached, the payment
-- reconciliation job takes them out once it is back. The cart storage marks each order it took out, so a take-out
-- repeated after a lost answer takes nothing twice.
CREATE TABLE cart_take_outs (
  order_id text PRIMARY KEY REFERENCES orders (id),
  queued_at timestamptz NOT NULL
);
