import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { DAY, MINUTE } from './clock.ts';

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
  };
}
