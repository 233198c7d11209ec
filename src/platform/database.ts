import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TimerClock } from './clock.ts';
import { redacted, storageUnavailable, unavailable } from './database-errors.ts';
import type { Logger } from './logger.ts';
import { PgliteStatements } from './pglite-statements.ts';
import { createPglite, saveTemplate } from './pglite-template.ts';
import { Turns } from './turns.ts';
import { connectionFailure, UnreachableAtStart } from './unreachable.ts';

/** Something that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/** The Postgres port: PGlite in-process by default, a real server when `DATABASE_URL` is set. */
export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `work` in one transaction: committed if it resolves, rolled back if it throws. `statementTimeoutMs`
   * raises (or lowers) the bound for this transaction only (`SET LOCAL statement_timeout`).
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>, options?: { statementTimeoutMs?: number }): Promise<T>;
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * The same database and connections, each statement bounded by another limit. Past it, the request is
   * refused 503 STORAGE_UNAVAILABLE instead of hanging: a real server cancels a statement that runs (or waits
   * for a lock) that long, and the client gives up on one that gets no answer shortly after; the embedded
   * database, which serves one caller at a time, refuses a caller that waited that long for its turn, measured on
   * `clock` (real time unless given).
   */
  bounded(statementTimeoutMs: number, clock?: TimerClock): Database;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  url?: string | undefined;
  /** A schema of its own (created if missing): parallel test workers share one server without meeting. */
  schema?: string | undefined;
  /** Where a lost connection to a real server is logged, once per outage. */
  logger?: Logger | undefined;
  /** See {@link Database.bounded}; `DATABASE_STATEMENT_TIMEOUT_MS` in production. */
  statementTimeoutMs?: number | undefined;
  /**
   * Brings the new database up to date (migrations), keyed by the digest of what it runs. Embedded, the result is
   * kept as a template and the next database with the same key starts from it; `run` runs every time all the
   * same (with nothing left to do then).
   */
  setUp?: { key: string; run(db: Database): Promise<unknown> } | undefined;
}

/** The bound when none is given (`DATABASE_STATEMENT_TIMEOUT_MS`'s default). */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 5_000;

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.schema && !/^[a-z_][a-z0-9_]*$/.test(options.schema)) {
    throw new Error(`schema name ${options.schema} must be a plain lower-case identifier`);
  }
  const timeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const { setUp } = options;
  if (options.url) {
    const db = await openPostgres(options.url, timeoutMs, options.schema, options.logger);
    await setUp?.run(db);
    return db;
  }
  const { pglite, setUp: held } = await createPglite(setUp?.key);
  const db = await openPglite(pglite, timeoutMs, options.schema);
  if (setUp) {
    await setUp.run(db);
    if (held !== setUp.key) await saveTemplate(pglite, setUp.key).catch(() => undefined);
  }
  return db;
}

/** Every error leaves without the customer's values (see `redacted`). */
const rethrowRedacted = (error: unknown): never => {
  throw redacted(error);
};

async function openPglite(db: PGlite, timeoutMs: number, schema?: string): Promise<Database> {
  if (schema) await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema};`);
  // PGlite serves one caller at a time (a transaction holds it whole); a caller waits its turn at most the bound.
  const turns = new Turns();
  const statements = new PgliteStatements(db);
  const query: Queryable['query'] = <Row>(sql: string, params?: readonly unknown[]) =>
    statements.query<Row>(sql, params).catch(rethrowRedacted);
  const bounded = (waitMs: number, clock?: TimerClock): Database => {
    const inTurn = <T>(work: () => Promise<T>, ms = waitMs) => turns.run(ms, storageUnavailable, work, clock);
    return {
      kind: 'pglite',
      query: (sql, params) => inTurn(() => query(sql, params)),
      // PGlite's transaction begins, commits or rolls back; its statements run as the others do.
      transaction: (work, options) => inTurn(() => db.transaction(() => work({ query })), options?.statementTimeoutMs),
      exec: (sql) => inTurn(async () => void (await db.exec(sql).catch(rethrowRedacted))),
      bounded,
      close: () => db.close(),
    };
  };
  return bounded(timeoutMs);
}

/** How long opening one connection to Postgres may take; waiting for a free pooled connection is not bounded by it. */
const CONNECT_TIMEOUT_MS = 1_000;
/** Past Postgres's own statement limit, how long the client waits for its answer before it drops the connection. */
const ANSWER_GRACE_MS = 250;

async function openPostgres(url: string, timeoutMs: number, schema?: string, logger?: Logger): Promise<Database> {
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
    // Postgres cancels a statement past the bound (a lock wait too) and says so.
    statement_timeout: timeoutMs,
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
      throw unavailable(error, lost) ?? redacted(error);
    }
  };
  // A server that stops answering never cancels anything: the client gives up a little after the bound (a query
  // timed out this way has its connection dropped, so nothing else waits behind it).
  const statement = (text: string, params: readonly unknown[] | undefined, ms: number) => ({
    text,
    values: params as unknown[],
    query_timeout: ms + ANSWER_GRACE_MS,
  });
  const bounded = (boundMs: number): Database => ({
    kind: 'postgres',
    query: async <Row>(sql: string, params?: readonly unknown[]) =>
      (await reach(() => pool.query(statement(sql, params, boundMs)))).rows as Row[],
    async transaction(work, options) {
      const ms = options?.statementTimeoutMs ?? boundMs;
      const client = await reach(() => pool.connect());
      const run = (sql: string, params?: readonly unknown[]) => client.query(statement(sql, params, ms));
      try {
        await run('BEGIN');
        if (ms !== timeoutMs) await run(`SET LOCAL statement_timeout = ${Math.trunc(ms)}`);
        const result = await work({
          query: async <Row>(sql: string, params?: readonly unknown[]) =>
            (await reach(() => run(sql, params))).rows as Row[],
        });
        await run('COMMIT');
        client.release();
        return result;
      } catch (error) {
        const failure = unavailable(error, lost);
        // A lost or silent connection is dropped (Postgres rolls back); any other is rolled back and reused.
        if (failure) client.release(true);
        else
          await run('ROLLBACK').then(
            () => client.release(),
            () => client.release(true),
          );
        throw failure ?? redacted(error);
      }
    },
    exec: async (sql) => void (await reach(() => pool.query(statement(sql, undefined, boundMs)))),
    bounded,
    close: () => pool.end(),
  });
  return bounded(timeoutMs);
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

/** `host:port` of a connection URL, never its user or password. */
function describeServer(url: string): string {
  const { hostname, port } = new URL(url);
  return `${hostname}:${port || 5432}`;
}
