import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { alertsConfig, alertsEnv, alertsEnvIssues, type AlertPolicyConfig } from '../alerts/alerts.config.ts';
import { cartConfig, cartEnv, type CartPolicyConfig } from '../cart/cart.config.ts';
import { importConfig, importEnv, type ImportPolicyConfig } from '../catalog/import/import.config.ts';
import { paymentEnv, paymentGatewayConfig, type PaymentGatewayConfig } from '../payment/payment.config.ts';
import { refundConfig, refundEnv, type RefundPolicyConfig } from '../refund/refund.config.ts';
import { searchConfig, searchEnv, type SearchVendorConfig } from '../search/search.config.ts';
import { DEFAULT_STATEMENT_TIMEOUT_MS } from './database.ts';
import { positiveInt } from './env.ts';

/** The platform's own variables; each domain declares its own next to its code (`<domain>.config.ts`). */
const platformEnv = {
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  DATABASE_STATEMENT_TIMEOUT_MS: positiveInt.default(DEFAULT_STATEMENT_TIMEOUT_MS),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  BODY_LIMIT_BYTES: positiveInt.default(16_384),
};

const envSchema = z
  .object({ ...platformEnv, ...cartEnv, ...importEnv, ...alertsEnv, ...paymentEnv, ...searchEnv, ...refundEnv })
  .superRefine((e, ctx) => {
    for (const { variable, message } of alertsEnvIssues(e)) ctx.addIssue({ code: 'custom', path: [variable], message });
  });

export interface Config {
  port: number;
  host: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  databaseUrl: string | undefined;
  /** How long one statement may take (or wait for the database) before the request is refused 503; see `Database.bounded`. */
  databaseStatementTimeoutMs: number;
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
    databaseStatementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
    redisUrl: e.REDIS_URL,
    authSecret: e.AUTH_SECRET ?? randomBytes(32).toString('hex'),
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    cart: cartConfig(e),
    productImport: importConfig(e),
    alerts: alertsConfig(e),
    paymentGateway: paymentGatewayConfig(e),
    search: searchConfig(e),
    refund: refundConfig(e),
  };
}
