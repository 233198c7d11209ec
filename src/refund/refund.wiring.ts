import type { PaymentServices } from '../payment/payment.wiring.ts';
import type { Clock } from '../platform/clock.ts';
import type { Database } from '../platform/database.ts';
import type { Logger } from '../platform/logger.ts';
import type { RefundPolicyConfig } from './refund.config.ts';
import { s3ImageStorage, type ImageStorage } from './image-storage.ts';
import { RefundOutbox } from './refund-outbox.ts';
import { RefundService } from './refund.service.ts';
import { RefundStore } from './refund.store.ts';

export interface RefundServices {
  refunds: RefundService;
  outbox: RefundOutbox;
  storage: ImageStorage;
}

export interface RefundDependencies {
  db: Database;
  clock: Clock;
  logger: Logger;
  payments: PaymentServices;
  config: RefundPolicyConfig;
}

/** The refund domain, wired: the policy, its outbox, and the object storage the outbox uploads to. */
export function createRefundServices({ db, clock, logger, payments, config }: RefundDependencies): RefundServices {
  const store = new RefundStore(db);
  const storage = s3ImageStorage(config.storage);
  const refunds = new RefundService(store, payments, clock, config, logger);
  return { refunds, outbox: new RefundOutbox(store, refunds, storage, clock, config, logger), storage };
}
