import { pino, type DestinationStream, type Logger } from 'pino';

/** Paths whose values never reach a log line: tokens, keys, webhook URLs, passwords. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.authorization',
  '*.password',
  '*.secret',
  '*.apiKey',
  '*.apiSecret',
  '*.imp_key',
  '*.imp_secret',
  '*.access_token',
  '*.webhookUrl',
  'config.alerts.channels.*.webhookUrl',
  'config.authSecret',
  'config.paymentGateway.apiKey',
  'config.paymentGateway.apiSecret',
  'config.search.apiKey',
  'config.databaseUrl',
  'config.redisUrl',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
