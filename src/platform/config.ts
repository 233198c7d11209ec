import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { BreakerPolicy } from '../search/breaker.ts';
import { DAY, MINUTE, SECOND } from './clock.ts';

const positiveInt = z.coerce.number().int().positive();

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  BODY_LIMIT_BYTES: positiveInt.default(16_384),
  CART_MAX_QUANTITY: positiveInt.default(99),
  CART_MAX_LINES: positiveInt.default(50),
  CART_TTL_DAYS: positiveInt.default(30),
  IMPORT_MAX_FILE_BYTES: positiveInt.default(20 * 1024 * 1024),
  IMPORT_MAX_UNPACKED_BYTES: positiveInt.default(200 * 1024 * 1024),
  IMPORT_MAX_ROWS: positiveInt.default(100_000),
  IMPORT_MAX_CELL_CHARS: positiveInt.default(10_000),
  IMPORT_SAMPLE_ROWS: positiveInt.default(20),
  IMPORT_PREVIEW_TTL_MINUTES: positiveInt.default(30),
  ALERT_SLOW_REQUEST_MS: positiveInt.default(15_000),
  ALERT_FLUSH_INTERVAL_SECONDS: positiveInt.default(10),
  ALERT_LINES_PER_MESSAGE: positiveInt.default(50),
  ALERT_MESSAGES_PER_MINUTE: positiveInt.default(20),
  ALERT_MESSAGE_MAX_CHARS: positiveInt.default(40_000),
  ALERT_FLUSH_LOCK_SECONDS: positiveInt.default(60),
  ALERT_SLACK_TIMEOUT_SECONDS: positiveInt.default(10),
  // The defaults are the mock Slack's webhooks (mocks/slack): nothing real is posted unless configured.
  SLACK_SLOW_WEBHOOK_URL: z.url({ protocol: /^https$/ }).default('https://hooks.slack.com/services/T0MARTBOOK/B0ALERTS/test-webhook-secret'),
  SLACK_ERROR_WEBHOOK_URL: z.url({ protocol: /^https$/ }).default('https://hooks.slack.com/services/T0MARTBOOK/B0ERRORS/test-error-webhook-secret'),
  // PortOne: defaults are the mock's base URL and test credentials (see mocks/portone).
  PORTONE_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.iamport.kr'),
  PORTONE_API_KEY: z.string().default('martbook-test-imp-key'),
  PORTONE_API_SECRET: z.string().default('martbook-test-imp-secret'),
  PORTONE_TIMEOUT_MS: positiveInt.default(5_000),
  PORTONE_RETRY_ATTEMPTS: positiveInt.default(3),
  PORTONE_RETRY_INITIAL_DELAY_MS: z.coerce.number().int().min(0).default(200),
  PORTONE_RETRY_MAX_DELAY_MS: z.coerce.number().int().min(0).default(2_000),
  PAYMENT_RECONCILE_INTERVAL_SECONDS: positiveInt.default(60),
  // AI search: defaults are the mock's base URL and test key (see mocks/ai-search).
  AI_SEARCH_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://ai-search.mock/v1'),
  AI_SEARCH_API_KEY: z.string().default('martbook-test-search-key'),
  AI_SEARCH_TIMEOUT_MS: positiveInt.default(3_000),
  AI_SEARCH_RESULT_LIMIT: z.coerce.number().int().min(1).max(100).default(20),
  SEARCH_BREAKER_WINDOW_CALLS: positiveInt.default(20),
  SEARCH_BREAKER_MINIMUM_CALLS: positiveInt.default(10),
  SEARCH_BREAKER_FAILURE_RATE_PERCENT: z.coerce.number().int().min(1).max(100).default(50),
  SEARCH_BREAKER_SLOW_RATE_PERCENT: z.coerce.number().int().min(1).max(100).default(50),
  SEARCH_BREAKER_SLOW_CALL_MS: positiveInt.default(2_000),
  SEARCH_BREAKER_OPEN_SECONDS: positiveInt.default(30),
  SEARCH_BREAKER_HALF_OPEN_PROBES: positiveInt.default(3),
  SEARCH_BREAKER_QUORUM: positiveInt.default(1),
  SEARCH_BREAKER_PROBE_LOCK_SECONDS: positiveInt.default(10),
  REFUND_WINDOW_DAYS: positiveInt.default(7),
  REFUND_MAX_IMAGES: z.coerce.number().int().min(0).default(5),
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
});

export interface CartPolicyConfig {
  /** Highest quantity one cart line may hold. */
  maxQuantity: number;
  /** Most lines (distinct products) one cart may hold. */
  maxLines: number;
  /** A cart untouched for this long is gone. */
  ttlMs: number;
}

export interface ImportPolicyConfig {
  /** Largest upload accepted, in bytes. */
  maxFileBytes: number;
  /** Most bytes a sheet may unpack to (zip bombs stop here). */
  maxUnpackedBytes: number;
  /** Most product rows in one sheet. */
  maxRows: number;
  /** Longest cell text; a longer one refuses the file. */
  maxCellChars: number;
  /** Rows of each class shown in a preview. */
  sampleRows: number;
  /** How long a preview stays valid for commit. */
  previewTtlMs: number;
}

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

export interface RetryConfig {
  attempts: number;
  /** The first backoff delay; later ones grow exponentially up to `maxDelayMs`. 0 in scenarios: nothing sleeps. */
  initialDelayMs: number;
  maxDelayMs: number;
}

/** Refunds: the policy's limits, and the object storage where their images are kept. Keys never reach a log. */
export interface RefundPolicyConfig {
  /** A delivered order may be refunded for this long after delivery. */
  windowMs: number;
  maxImages: number;
  maxImageBytes: number;
  /** The outbox's backoff (image uploads and unconfirmed gateway cancels): doubles from initial up to max. */
  retryInitialDelayMs: number;
  retryMaxDelayMs: number;
  storage: { endpoint: string; region: string; bucket: string; accessKeyId: string; secretAccessKey: string; timeoutMs: number };
}

/** How search reaches the AI search vendor, and the breaker in front of it. The API key never reaches a log. */
export interface SearchVendorConfig {
  baseUrl: string;
  apiKey: string;
  /** One call's time limit; a call that outlives it is aborted, counts as failed, and search falls back. */
  timeoutMs: number;
  /** Most products one search returns. */
  resultLimit: number;
  breaker: BreakerPolicy;
}

export interface AlertPolicyConfig {
  /** A request taking at least this long is a slow-request alert. */
  slowRequestMs: number;
  /** How often the buffered alerts are flushed to Slack. */
  flushIntervalMs: number;
  /** Most alert lines one Slack message carries. */
  linesPerMessage: number;
  /** Most messages per minute per webhook (Slack answers 429 at about 20). */
  messagesPerMinute: number;
  /** Longest message text; Slack truncates beyond 40,000 characters. */
  maxMessageChars: number;
  /** A flusher that died loses its lock after this long; must outlast a flush's Slack calls. */
  flushLockMs: number;
  /** How long one post to Slack may take. */
  slackTimeoutMs: number;
  /** Secret webhook URLs (redacted in logs), one per channel. */
  channels: { slow: { webhookUrl: string }; error: { webhookUrl: string } };
}

export interface Config {
  port: number;
  host: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  /** Signs bearer tokens. Unset: a random secret per process (tokens die with it). */
  authSecret: string;
  bodyLimitBytes: number;
  cart: CartPolicyConfig;
  productImport: ImportPolicyConfig;
  alerts: AlertPolicyConfig;
  paymentGateway: PaymentGatewayConfig;
  search: SearchVendorConfig;
  refund: RefundPolicyConfig;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads configuration from the environment; every bad variable is named in one readable error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    authSecret: e.AUTH_SECRET ?? randomBytes(32).toString('hex'),
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    cart: { maxQuantity: e.CART_MAX_QUANTITY, maxLines: e.CART_MAX_LINES, ttlMs: e.CART_TTL_DAYS * DAY },
    productImport: {
      maxFileBytes: e.IMPORT_MAX_FILE_BYTES,
      maxUnpackedBytes: e.IMPORT_MAX_UNPACKED_BYTES,
      maxRows: e.IMPORT_MAX_ROWS,
      maxCellChars: e.IMPORT_MAX_CELL_CHARS,
      sampleRows: e.IMPORT_SAMPLE_ROWS,
      previewTtlMs: e.IMPORT_PREVIEW_TTL_MINUTES * MINUTE,
    },
    alerts: {
      slowRequestMs: e.ALERT_SLOW_REQUEST_MS,
      flushIntervalMs: e.ALERT_FLUSH_INTERVAL_SECONDS * SECOND,
      linesPerMessage: e.ALERT_LINES_PER_MESSAGE,
      messagesPerMinute: e.ALERT_MESSAGES_PER_MINUTE,
      maxMessageChars: e.ALERT_MESSAGE_MAX_CHARS,
      flushLockMs: e.ALERT_FLUSH_LOCK_SECONDS * SECOND,
      slackTimeoutMs: e.ALERT_SLACK_TIMEOUT_SECONDS * SECOND,
      channels: { slow: { webhookUrl: e.SLACK_SLOW_WEBHOOK_URL }, error: { webhookUrl: e.SLACK_ERROR_WEBHOOK_URL } },
    },
    search: {
      baseUrl: e.AI_SEARCH_BASE_URL.replace(/\/+$/, ''),
      apiKey: e.AI_SEARCH_API_KEY,
      timeoutMs: e.AI_SEARCH_TIMEOUT_MS,
      resultLimit: e.AI_SEARCH_RESULT_LIMIT,
      breaker: {
        windowSize: e.SEARCH_BREAKER_WINDOW_CALLS,
        minimumCalls: Math.min(e.SEARCH_BREAKER_MINIMUM_CALLS, e.SEARCH_BREAKER_WINDOW_CALLS),
        failureRateThreshold: e.SEARCH_BREAKER_FAILURE_RATE_PERCENT / 100,
        slowCallRateThreshold: e.SEARCH_BREAKER_SLOW_RATE_PERCENT / 100,
        slowCallMs: e.SEARCH_BREAKER_SLOW_CALL_MS,
        openMs: e.SEARCH_BREAKER_OPEN_SECONDS * SECOND,
        halfOpenProbes: e.SEARCH_BREAKER_HALF_OPEN_PROBES,
        quorum: e.SEARCH_BREAKER_QUORUM,
        probeLockMs: e.SEARCH_BREAKER_PROBE_LOCK_SECONDS * SECOND,
      },
    },
    paymentGateway: {
      baseUrl: e.PORTONE_BASE_URL.replace(/\/+$/, ''),
      apiKey: e.PORTONE_API_KEY,
      apiSecret: e.PORTONE_API_SECRET,
      timeoutMs: e.PORTONE_TIMEOUT_MS,
      retry: {
        attempts: e.PORTONE_RETRY_ATTEMPTS,
        initialDelayMs: e.PORTONE_RETRY_INITIAL_DELAY_MS,
        maxDelayMs: e.PORTONE_RETRY_MAX_DELAY_MS,
      },
      reconcileIntervalMs: e.PAYMENT_RECONCILE_INTERVAL_SECONDS * SECOND,
    },
    refund: {
      windowMs: e.REFUND_WINDOW_DAYS * DAY,
      maxImages: e.REFUND_MAX_IMAGES,
      maxImageBytes: e.REFUND_MAX_IMAGE_BYTES,
      retryInitialDelayMs: e.REFUND_RETRY_INITIAL_DELAY_SECONDS * SECOND,
      retryMaxDelayMs: e.REFUND_RETRY_MAX_DELAY_SECONDS * SECOND,
      storage: {
        endpoint: e.S3_ENDPOINT.replace(/\/+$/, ''),
        region: e.S3_REGION,
        bucket: e.S3_BUCKET,
        accessKeyId: e.S3_ACCESS_KEY_ID,
        secretAccessKey: e.S3_SECRET_ACCESS_KEY,
        timeoutMs: e.S3_TIMEOUT_MS,
      },
    },
  };
}
