import { CANCEL_CLAIM_MS } from '../../../src/payment/payment-cancellation.service.ts';
import type { OrderId, PendingCancel } from '../../../src/payment/payment.types.ts';
import type { PolicyWorld } from '../world.ts';
import { liftRefusal, refuseWrites, type RefusedWrite } from './database-faults.ts';

const CANCEL_NOT_RECORDED: RefusedWrite = {
  name: 'cancel_not_recorded',
  table: 'payment_cancellations',
  writes: 'INSERT OR UPDATE',
  when: "NEW.status = 'made'",
  reason: 'the cancel could not be recorded',
};

/** The platform's own records failing at the worst moment: right after the payment company made a cancel. */
export class PaymentRecords {
  constructor(private readonly world: PolicyWorld) {}

  /** Every attempt to record a cancel as made (not a pending one) fails until `heal()` or the scenario ends. */
  async refuseToRecordMadeCancels(): Promise<void> {
    await refuseWrites(this.world, CANCEL_NOT_RECORDED);
  }

  async heal(): Promise<void> {
    await liftRefusal(this.world, CANCEL_NOT_RECORDED);
  }

  /** As if the process stopped before it could even hand the pending cancel over: it stays claimed as it was written. */
  async leaveCancelsClaimed(): Promise<void> {
    await this.world.resources.db.query(
      `UPDATE payment_cancellations SET claimed_until = requested_at + make_interval(secs => $1::double precision) WHERE status = 'pending'`,
      [CANCEL_CLAIM_MS / 1000],
    );
  }

  /** The order's cancels written down but not settled, as the cancellation service knows them. */
  underWay(orderId: OrderId): Promise<PendingCancel[]> {
    return this.world.app.services.payments.cancellation.underWay(orderId);
  }

  /** The order's cancels written down but not settled: what the platform knows is under way. */
  async pendingOf(orderId: OrderId): Promise<number> {
    return (await this.world.app.services.payments.cancellation.underWay(orderId)).length;
  }
}
