import { CANCEL_CLAIM_MS } from '../../../src/payment/payment-cancellation.service.ts';
import type { PolicyWorld } from '../world.ts';

const FAULT = 'martbook_fault_cancel_not_recorded';

/**
 * The platform's own records failing at the worst moment: right after the payment company made a cancel. The
 * database itself refuses (a trigger that raises), as a full disk or a dropped connection would, so the same
 * fault works on the embedded database and on a real Postgres server.
 */
export class PaymentRecords {
  constructor(private readonly world: PolicyWorld) {}

  /** Every attempt to record a cancel as made (not a pending one) fails until `heal()`; the fault is removed after the scenario. */
  async refuseToRecordMadeCancels(): Promise<void> {
    await this.world.resources.db.exec(`
      CREATE OR REPLACE FUNCTION ${FAULT}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected fault: the cancel could not be recorded'; END $$;
      CREATE TRIGGER ${FAULT} BEFORE INSERT OR UPDATE ON payment_cancellations FOR EACH ROW WHEN (NEW.status = 'made') EXECUTE FUNCTION ${FAULT}();
    `);
    this.world.cleanups.push(() => this.heal());
  }

  async heal(): Promise<void> {
    await this.world.resources.db.exec(
      `DROP TRIGGER IF EXISTS ${FAULT} ON payment_cancellations; DROP FUNCTION IF EXISTS ${FAULT}();`,
    );
  }

  /** As if the process stopped before it could even hand the pending cancel over: it stays claimed as it was written. */
  async leaveCancelsClaimed(): Promise<void> {
    await this.world.resources.db.query(
      `UPDATE payment_cancellations SET claimed_until = requested_at + make_interval(secs => $1::double precision) WHERE status = 'pending'`,
      [CANCEL_CLAIM_MS / 1000],
    );
  }

  /** The order's cancels written down but not settled: what the platform knows is under way. */
  async pendingOf(orderId: string): Promise<number> {
    const [row] = await this.world.resources.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM payment_cancellations WHERE order_id = $1 AND status = 'pending'`,
      [orderId],
    );
    return Number(row?.count);
  }
}
