import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

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
}

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.schema && !/^[a-z_][a-z0-9_]*$/.test(options.schema)) {
    throw new Error(`schema name ${options.schema} must be a plain lower-case identifier`);
  }
  return options.url ? openPostgres(options.url, options.schema) : openPglite(options.schema);
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
  const db = await PGlite.create();
  if (schema) await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema};`);
  const queryOn = (on: Pick<PGlite, 'query'>): Queryable['query'] => async (sql, params) =>
    (await on.query(sql, params as unknown[]).catch(withoutStatement)).rows as never;
  return {
    kind: 'pglite',
    query: queryOn(db),
    transaction: (work) => db.transaction((tx) => work({ query: queryOn(tx) })),
    exec: async (sql) => void (await db.exec(sql).catch(withoutStatement)),
    close: () => db.close(),
  };
}

async function openPostgres(url: string, schema?: string): Promise<Database> {
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).finally(() => admin.end());
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const query = async <Row>(sql: string, params?: readonly unknown[]) =>
    (await pool.query(sql, params as unknown[])).rows as Row[];
  return {
    kind: 'postgres',
    query,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async <Row>(sql: string, params?: readonly unknown[]) => (await client.query(sql, params as unknown[])).rows as Row[],
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => void (await pool.query(sql)),
    close: () => pool.end(),
  };
}
