import { DomainError } from './errors.ts';

/** The fields of a Postgres error that name what failed, never the values involved. */
const KEPT = new Set([
  'message',
  'stack',
  'name',
  'code',
  'severity',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'routine',
]);

/**
 * A failed statement without the customer's values, before anyone logs it: Postgres's `detail`
 * (`Key (sku)=(…)`), context, hint, and (PGlite) the statement and its bound values are dropped, and a quoted
 * text in the message is kept only when it is a name the error itself states (a constraint, table, column).
 */
export function redacted(error: unknown): unknown {
  // Only what Postgres answered (pg and PGlite both give it a severity); a refusal or bug thrown inside a
  // transaction passes through whole.
  if (!(error instanceof Error) || !('severity' in error)) return error;
  const fields = error as unknown as Record<string, unknown>;
  for (const key of Object.keys(fields)) if (!KEPT.has(key)) Reflect.deleteProperty(fields, key);
  const names = new Set(['schema', 'table', 'column', 'dataType', 'constraint'].map((key) => fields[key]));
  const message = error.message.replace(/"(?:[^"]|"")*"/g, (quoted) =>
    names.has(quoted.slice(1, -1)) ? quoted : '"…"',
  );
  if (message === error.message) return error; // its stack, costly to format, is left unread
  if (error.stack) error.stack = error.stack.replace(error.message, message);
  error.message = message;
  return error;
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
]);
const UNREACHABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|timeout expired|not queryable|Connection ended|Query read timeout/;
/** Postgres cancelled a statement that ran past `statement_timeout`: it answers, so the connection is not lost. */
const STATEMENT_TIMEOUT = '57014';

export const storageUnavailable = () =>
  new DomainError(503, 'STORAGE_UNAVAILABLE', 'Our records cannot be reached right now. Please try again in a moment.');

/**
 * Postgres could not be reached, dropped the connection, did not answer in time or ran a statement past its
 * limit: the client is asked to try again shortly (503). `lost` hears of the first three.
 */
export function unavailable(error: unknown, lost: (error: unknown) => void): DomainError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code } = error as { code?: unknown };
  if (code === STATEMENT_TIMEOUT) return storageUnavailable();
  const byCode = typeof code === 'string' && (UNREACHABLE_CODES.has(code) || code.startsWith('08')); // class 08: connection exception
  if (!byCode && !UNREACHABLE_MESSAGES.test(error.message)) return undefined;
  lost(error);
  return storageUnavailable();
}
