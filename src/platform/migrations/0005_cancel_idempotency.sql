-- A mart's cancel request may carry an Idempotency-Key: the same request sent again (a double click, a retry
-- after a timeout) is answered with the cancel already made instead of cancelling a second time.
ALTER TABLE payment_cancellations ADD COLUMN idempotency_key text;
CREATE UNIQUE INDEX payment_cancellations_idempotency_idx ON payment_cancellations (order_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
