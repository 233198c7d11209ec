import type { CartService } from '../cart/cart.service.ts';
import type { TimerClock } from '../platform/clock.ts';
import type { Database } from '../platform/database.ts';
import type { Logger } from '../platform/logger.ts';
import type { PaymentGatewayConfig } from './payment.config.ts';
import { OrderService } from './order.service.ts';
import { OrderStore } from './order.store.ts';
import { PaymentCancellation, type CancelReconciliation } from './payment-cancellation.service.ts';
import { PaymentVerification, type ReconciliationResult } from './payment-verification.service.ts';
import type { OrderId } from './payment.types.ts';
import { PortOneClient } from './portone.client.ts';

export interface PaymentServices {
  orders: OrderService;
  verification: PaymentVerification;
  cancellation: PaymentCancellation;
  gateway: PortOneClient;
  /**
   * The reconciliation job: payments the gateway could not confirm, cancels whose outcome was not recorded, and
   * paid orders whose products could not leave the cart.
   */
  reconcile(): Promise<{ verifications: ReconciliationResult[]; cancels: CancelReconciliation; takenOut: OrderId[] }>;
}

export interface PaymentDependencies {
  db: Database;
  clock: TimerClock;
  logger: Logger;
  carts: CartService;
  gatewayConfig: PaymentGatewayConfig;
}

/** The payment domain, wired: one gateway client (one shared token) for every service. */
export function createPaymentServices({
  db,
  clock,
  logger,
  carts,
  gatewayConfig,
}: PaymentDependencies): PaymentServices {
  const store = new OrderStore(db);
  const gateway = new PortOneClient(gatewayConfig, clock, logger);
  const verification = new PaymentVerification(db, store, gateway, carts, clock, logger);
  const cancellation = new PaymentCancellation(db, store, gateway, clock, logger);
  return {
    orders: new OrderService(db, store, carts, gateway, clock),
    verification,
    cancellation,
    gateway,
    // Each part runs even when another fails; the job then reports the failure.
    reconcile: async () => {
      const [verifications, cancels, takenOut] = await Promise.allSettled([
        verification.reconcile(),
        cancellation.reconcile(),
        verification.takeOutPaidOrders(),
      ]);
      return { verifications: valueOf(verifications), cancels: valueOf(cancels), takenOut: valueOf(takenOut) };
    },
  };
}

function valueOf<T>(part: PromiseSettledResult<T>): T {
  if (part.status === 'rejected') throw part.reason;
  return part.value;
}
