import { z } from 'zod';
import { DAY, SECOND } from '../platform/clock.ts';
import { baseUrl, positiveInt, wholeNumber, type EnvOf } from '../platform/env.ts';

export const refundEnv = {
  REFUND_WINDOW_DAYS: positiveInt.default(7),
  REFUND_MAX_IMAGES: wholeNumber.default(5),
  REFUND_MAX_IMAGE_BYTES: positiveInt.default(10 * 1024 * 1024),
  REFUND_RETRY_INITIAL_DELAY_SECONDS: positiveInt.default(5),
  REFUND_RETRY_MAX_DELAY_SECONDS: positiveInt.default(300),
  // Object storage for refund images: defaults are the mock's endpoint and test credentials (mocks/object-storage).
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).default('https://object-storage.mock'),
  S3_REGION: z.string().min(1).default('ap-northeast-2'),
  S3_BUCKET: z.string().min(3).max(63).default('martbook-refund-images'),
  S3_ACCESS_KEY_ID: z.string().min(1).default('martbook-test-access-key'),
  S3_SECRET_ACCESS_KEY: z.string().min(1).default('martbook-test-secret-key'),
  S3_TIMEOUT_MS: positiveInt.default(10_000),
};

/** Refunds: the policy's limits, and the object storage where their images are kept. Keys never reach a log. */
export interface RefundPolicyConfig {
  /** A delivered order may be refunded for this long after delivery. */
  windowMs: number;
  maxImages: number;
  maxImageBytes: number;
  /** The outbox's backoff (image uploads and unconfirmed gateway cancels): doubles from initial up to max. */
  retryInitialDelayMs: number;
  retryMaxDelayMs: number;
  storage: {
    endpoint: string;
    region: string;
    bucket: string;
    accessKeyId: string;
    secretAccessKey: string;
    timeoutMs: number;
  };
}

export const refundConfig = (e: EnvOf<typeof refundEnv>): RefundPolicyConfig => ({
  windowMs: e.REFUND_WINDOW_DAYS * DAY,
  maxImages: e.REFUND_MAX_IMAGES,
  maxImageBytes: e.REFUND_MAX_IMAGE_BYTES,
  retryInitialDelayMs: e.REFUND_RETRY_INITIAL_DELAY_SECONDS * SECOND,
  retryMaxDelayMs: e.REFUND_RETRY_MAX_DELAY_SECONDS * SECOND,
  storage: {
    endpoint: baseUrl(e.S3_ENDPOINT),
    region: e.S3_REGION,
    bucket: e.S3_BUCKET,
    accessKeyId: e.S3_ACCESS_KEY_ID,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY,
    timeoutMs: e.S3_TIMEOUT_MS,
  },
});
