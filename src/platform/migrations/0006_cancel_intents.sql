-- A cancel is written down before the payment company is asked (`pending`) and settled after (`made`), so money
-- never moves at the gateway without a record: a pending cancel whose outcome the platform did not learn is
-- settled later against the payment's history. Refused cancels are removed; the history shows made ones only.
ALTER TABLE payment_cancellations ADD COLUMN status text NOT NULL DEFAULT 'made' CHECK (status IN ('pending', 'made'));
ALTER TABLE payment_cancellations ADD COLUMN requested_at timestamptz;
UPDATE payment_cancellations SET requested_at = cancelled_at;
ALTER TABLE payment_cancellations ALTER COLUMN requested_at SET NOT NULL;
ALTER TABLE payment_cancellations ALTER COLUMN cancelled_at DROP NOT NULL;
ALTER TABLE payment_cancellations ADD CHECK ((status = 'made') = (cancelled_at IS NOT NULL));
-- Until then the request that wrote the pending cancel works on it; afterwards a retry or the reconciliation job may.
ALTER TABLE payment_cancellations ADD COLUMN claimed_until timestamptz;

-- One cancel under way per order: a second one waits until the first is settled, so each is sent with what
-- really remains.
CREATE UNIQUE INDEX payment_cancellations_one_pending_idx ON payment_cancellations (order_id) WHERE status = 'pending';

-- Refund cancels are keyed by their refund from now on; earlier ones are recognised by their reason.
UPDATE payment_cancellations c SET idempotency_key = 'refund:' || r.id
FROM refunds r
WHERE c.order_id = r.order_id AND c.idempotency_key IS NULL AND c.reason LIKE 'Refund ' || r.id || ':%';
