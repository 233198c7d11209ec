import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/logger.ts';
import type { RefundPolicyConfig } from './refund.config.ts';
import type { ImageStorage } from './image-storage.ts';
import { backoff, CLAIM_LEASE_MS, type RefundService } from './refund.service.ts';
import type { OutboxPhoto, RefundStore } from './refund.store.ts';

export interface OutboxRun {
  imagesUploaded: number;
  imagesFailed: number;
  cancelsCompleted: number;
  cancelsPending: number;
  cancelsNeedingReview: number;
}

/** Items claimed per query: photos are up to 10 MB each, so few at a time. */
const IMAGE_BATCH = 5;
const CANCEL_BATCH = 20;

/**
 * The refund outbox, worked in the background (`server.ts` ticks it; scenarios call `runOnce` after moving
 * the clock): uploads staged images to object storage and retries gateway cancels that were not confirmed,
 * each with backoff. Work is claimed with a lease, so several instances never do the same item at once.
 */
export class RefundOutbox {
  #running: Promise<OutboxRun> | undefined;

  constructor(
    private readonly store: RefundStore,
    private readonly refunds: RefundService,
    private readonly storage: ImageStorage,
    private readonly clock: Clock,
    private readonly config: RefundPolicyConfig,
    private readonly logger: Logger,
  ) {}

  /** The photos of the order's refund as the outbox holds them: staged until uploaded. */
  photosOf(orderId: string): Promise<OutboxPhoto[]> {
    return this.store.outboxPhotos(orderId);
  }

  /** One pass over everything due; a pass already under way is joined, not doubled. */
  runOnce(): Promise<OutboxRun> {
    this.#running ??= this.#run().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #run(): Promise<OutboxRun> {
    const run: OutboxRun = {
      imagesUploaded: 0,
      imagesFailed: 0,
      cancelsCompleted: 0,
      cancelsPending: 0,
      cancelsNeedingReview: 0,
    };
    for (;;) {
      const now = this.clock.now();
      const images = await this.store.claimDueImages(now, now + CLAIM_LEASE_MS, IMAGE_BATCH);
      for (const image of images) {
        try {
          await this.storage.put(image.key, image.bytes, image.contentType);
          await this.store.imageUploaded(image, this.clock.now());
          run.imagesUploaded++;
        } catch (error) {
          const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          const retryAt = this.clock.now() + backoff(this.config, image.attempts + 1);
          this.logger.warn(
            { key: image.key, attempt: image.attempts + 1, retryAt: new Date(retryAt).toISOString(), reason },
            'refund image upload failed; will retry',
          );
          await this.store.imageFailed(image, reason, retryAt);
          run.imagesFailed++;
        }
      }
      if (images.length < IMAGE_BATCH) break;
    }
    for (;;) {
      const now = this.clock.now();
      const cancels = await this.store.claimDueCancels(now, now + CLAIM_LEASE_MS, CANCEL_BATCH);
      for (const refund of cancels) {
        const status = await this.refunds.settleCancel(refund);
        if (status === 'completed') run.cancelsCompleted++;
        else if (status === 'needs_review') run.cancelsNeedingReview++;
        else run.cancelsPending++;
      }
      if (cancels.length < CANCEL_BATCH) break;
    }
    return run;
  }
}
