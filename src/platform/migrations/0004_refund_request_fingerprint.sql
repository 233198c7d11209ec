-- What a refund request said (order, reason, products, photos), hashed: an Idempotency-Key sent again with a
-- different request is refused instead of being answered with a refund the client did not ask for.
-- Refunds made before this column existed have none, and are not compared.
ALTER TABLE refunds ADD COLUMN request_fingerprint text;
