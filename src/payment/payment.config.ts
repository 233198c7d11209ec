import { z } from 'zod';
import { SECOND } from '../platform/clock.ts';
import { baseUrl, positiveInt, wholeNumber, type EnvOf } from '../platform/env.ts';
import type { RetryConfig } from '../platform/retry.ts';

export const paymentEnv = {
  // PortOne: defaults are the mock's base URL and test credentials (see mocks/portone).
  PORTONE_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.iamport.kr'),
  PORTONE_API_KEY: z.string().default('martbook-test-imp-key'),
  PORTONE_API_SECRET: z.string().default('martbook-test-imp-secret'),
  PORTONE_TIMEOUT_MS: positiveInt.default(5_000),
  PORTONE_RETRY_ATTEMPTS: positiveInt.default(3),
  PORTONE_RETRY_INITIAL_DELAY_MS: wholeNumber.default(200),
  PORTONE_RETRY_MAX_DELAY_MS: wholeNumber.default(2_000),
  PAYMENT_RECONCILE_INTERVAL_SECONDS: positiveInt.default(60),
};

/** How the platform reaches the payment gateway (PortOne v1). The key and secret never reach a log. */
export interface PaymentGatewayConfig {
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  /** One call's time limit; a call that outlives it counts as failed and is retried. */
  timeoutMs: number;
  /** Network errors, timeouts and 5xx are tried this many times in all, with exponential backoff and jitter. */
  retry: RetryConfig;
  /** How often the server re-verifies orders whose verification the gateway could not answer. */
  reconcileIntervalMs: number;
}

export const paymentGatewayConfig = (e: EnvOf<typeof paymentEnv>): PaymentGatewayConfig => ({
  baseUrl: baseUrl(e.PORTONE_BASE_URL),
  apiKey: e.PORTONE_API_KEY,
  apiSecret: e.PORTONE_API_SECRET,
  timeoutMs: e.PORTONE_TIMEOUT_MS,
  retry: {
    attempts: e.PORTONE_RETRY_ATTEMPTS,
    initialDelayMs: e.PORTONE_RETRY_INITIAL_DELAY_MS,
    maxDelayMs: e.PORTONE_RETRY_MAX_DELAY_MS,
  },
  reconcileIntervalMs: e.PAYMENT_RECONCILE_INTERVAL_SECONDS * SECOND,
});
