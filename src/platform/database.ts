import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { DomainError } from './errors.ts';
import type { Logger } from './logger.ts';
import { createPglite } from './pglite-template.ts';
import { connectionFailure, UnreachableAtStart } from './unreachable.ts';

/** Something that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/** The Postgres port: PGlite in-process by default, a real server when `DATABASE_URL` is set. */
export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  url?: string | undefined;
  /** A schema of its own (created if missing): parallel test workers share one server without meeting. */
  schema?: string | undefined;
  /** Where a lost connection to a real server is logged, once per outage. */
  logger?: Logger | undefined;
}

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.schema && !/^[a-z_][a-z0-9_]*$/.test(options.schema)) {
    throw new Error(`schema name ${options.schema} must be a plain lower-case identifier`);
  }
  return options.url ? openPostgres(options.url, options.schema, options.logger) : openPglite(options.schema);
}

/**
 * PGlite's errors carry the statement and its bound values (customers' text) and are logged whole: those are
 * dropped, keeping Postgres's code, message and constraint (the real driver never attaches them).
 */
function withoutStatement(error: unknown): never {
  if (error instanceof Error) for (const key of ['query', 'params', 'queryOptions']) Reflect.deleteProperty(error, key);
  throw error;
}

async function openPglite(schema?: string): Promise<Database> {
  const db = await createPglite();
  if (schema) await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema};`);
  const queryOn =
    (on: Pick<PGlite, 'query'>): Queryable['query'] =>
    async (sql, params) =>
      (await on.query(sql, params as unknown[]).catch(withoutStatement)).rows as never;
  return {
    kind: 'pglite',
    query: queryOn(db),
    transaction: (work) => db.transaction((tx) => work({ query: queryOn(tx) })),
    exec: async (sql) => void (await db.exec(sql).catch(withoutStatement)),
    close: () => db.close(),
  };
}

/** How long opening one connection to Postgres may take; waiting for a free pooled connection is not bounded by it. */
const CONNECT_TIMEOUT_MS = 1_000;

async function openPostgres(url: string, schema?: string, logger?: Logger): Promise<Database> {
  const where = describeServer(url);
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await admin.connect();
  } catch (error) {
    throw new UnreachableAtStart(
      `Postgres at ${where} cannot be reached (${connectionFailure(error)}); check DATABASE_URL and that Postgres is running.`,
      { cause: error },
    );
  }
  try {
    if (schema) await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Set on each new connection only: the pool's own option would also bound the wait for a free one.
    Client: class extends pg.Client {
      constructor(config: pg.ClientConfig) {
        super({ ...config, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
      }
    } as unknown as new () => pg.ClientBase, // @types/pg declares no constructor arguments; the pool passes its config

    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const lost = watchPool(pool, where, logger);
  const reach = async <T>(command: () => Promise<T>): Promise<T> => {
    try {
      return await command();
    } catch (error) {
      throw unavailable(error, lost) ?? error;
    }
  };
  const query = async <Row>(sql: string, params?: readonly unknown[]) =>
    (await reach(() => pool.query(sql, params as unknown[]))).rows as Row[];
  return {
    kind: 'postgres',
    query,
    async transaction(work) {
      const client = await reach(() => pool.connect());
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async <Row>(sql: string, params?: readonly unknown[]) =>
            (await reach(() => client.query(sql, params as unknown[]))).rows as Row[],
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined); // a lost connection cannot roll back; Postgres does
        throw unavailable(error, lost) ?? error;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => void (await reach(() => pool.query(sql))),
    close: () => pool.end(),
  };
}

/**
 * Logs a lost Postgres once (a broken idle connection, which the pool drops, or a failed query) and its
 * return once (the next new connection). Returns what failed queries report the loss to.
 */
function watchPool(pool: pg.Pool, where: string, logger: Logger | undefined): (error: unknown) => void {
  let down = false;
  const lose = (error: unknown) => {
    if (down) return;
    down = true;
    logger?.error(
      { postgres: where, reason: connectionFailure(error) },
      'Postgres connection lost; requests that need it are refused until it is back',
    );
  };
  // Without a listener, a broken idle connection would end the process.
  pool.on('error', lose);
  pool.on('connect', () => {
    if (!down) return;
    down = false;
    logger?.info({ postgres: where }, 'Postgres connection back');
  });
  return lose;
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
  /Connection terminated|timeout exceeded when trying to connect|not queryable|Connection ended/;

/** Postgres could not be reached or dropped the connection: the client is asked to try again shortly (503). */
function unavailable(error: unknown, lost: (error: unknown) => void): DomainError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code } = error as { code?: unknown };
  const byCode = typeof code === 'string' && (UNREACHABLE_CODES.has(code) || code.startsWith('08')); // class 08: connection exception
  if (!byCode && !UNREACHABLE_MESSAGES.test(error.message)) return undefined;
  lost(error);
  return new DomainError(
    503,
    'STORAGE_UNAVAILABLE',
    'Our records cannot be reached right now. Please try again in a moment.',
  );
}

/** `host:port` of a connection URL, never its user or password. */
function describeServer(url: string): string {
  const { hostname, port } = new URL(url);
  return `${hostname}:${port || 5432}`;
}
