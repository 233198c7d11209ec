import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { startMockVendors, type MockVendors } from '../../mocks/server.ts';
import { openDatabase, type Database } from '../../src/platform/database.ts';
import { migrate, migrationsDigest } from '../../src/platform/migrate.ts';
import { closeRedis, openRedis } from '../../src/platform/redis.ts';
import { recordsCoverage } from './coverage.ts';
import { SharedApp } from './shared-app.ts';

/**
 * What one Cucumber worker process opens once and shares across its scenarios: a database (its own PGlite, or
 * its own schema on the real server), a Redis connection when `REDIS_URL` is set, the mock vendors, and the apps
 * scenarios' instances run in.
 * Scenarios stay isolated: tables are emptied before each one and each gets its own Redis key prefix.
 */
export interface WorkerResources {
  backend: 'embedded' | 'real';
  db: Database;
  redis: Redis | undefined;
  vendors: MockVendors;
  runId: string;
  schema: string | undefined;
  /** The apps scenarios' instances run in (see SharedApp); none while recording coverage. */
  sharedApp: SharedApp | undefined;
}

let resources: WorkerResources | undefined;

export async function openWorkerResources(): Promise<WorkerResources> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const redisUrl = process.env.REDIS_URL || undefined;
  const runId = randomUUID().slice(0, 8);
  const schema = databaseUrl ? `martbook_test_${runId}_w${process.env.CUCUMBER_WORKER_ID ?? '0'}` : undefined;
  const db = await openDatabase({ url: databaseUrl, schema, setUp: { key: await migrationsDigest(), run: migrate } });
  resources = {
    backend: databaseUrl || redisUrl ? 'real' : 'embedded',
    db,
    redis: redisUrl ? await openRedis(redisUrl) : undefined,
    vendors: startMockVendors(),
    runId,
    schema,
    sharedApp: recordsCoverage() ? undefined : new SharedApp(),
  };
  return resources;
}

export function workerResources(): WorkerResources {
  if (!resources) throw new Error('worker resources are opened in BeforeAll');
  return resources;
}

/**
 * Empties every table but the migration record: each scenario starts from an empty platform. One statement
 * deletes from every table (foreign keys are checked at its end, so the order does not matter) and counts what
 * it deleted; DELETE of a few rows is far cheaper than TRUNCATE (new files per table), and a table that held
 * many is truncated as well, so no scenario scans the dead rows of an earlier one.
 */
export async function resetDatabase(db: Database): Promise<void> {
  const { tables, statement } = await resetOf(db);
  if (tables.length === 0) return;
  const [deleted] = await db.query<Record<string, number>>(statement);
  const big = tables.filter((table) => (deleted?.[table] ?? 0) >= BIG_TABLE_ROWS);
  if (big.length > 0) await db.exec(`TRUNCATE ${big.map((t) => `"${t}"`).join(', ')} CASCADE`);
}

const BIG_TABLE_ROWS = 1000;
/** Per database: its tables and the statement emptying them (the schema is fixed once migrated). */
const resets = new WeakMap<Database, Promise<{ tables: string[]; statement: string }>>();

function resetOf(db: Database): Promise<{ tables: string[]; statement: string }> {
  let reset = resets.get(db);
  if (!reset) {
    reset = emptyingStatement(db);
    resets.set(db, reset);
  }
  return reset;
}

async function emptyingStatement(db: Database): Promise<{ tables: string[]; statement: string }> {
  const rows = await db.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations' ORDER BY tablename`,
  );
  const tables = rows.map((row) => row.tablename);
  const deletes = tables.map((table, i) => `d${i} AS (DELETE FROM "${table}" RETURNING 1)`);
  const counts = tables.map((table, i) => `(SELECT count(*)::int FROM d${i}) AS "${table}"`);
  return { tables, statement: `WITH ${deletes.join(', ')} SELECT ${counts.join(', ')}` };
}

/** Deletes every Redis key under a prefix. */
export async function deleteRedisKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

export async function closeWorkerResources(): Promise<void> {
  if (!resources) return;
  const { db, redis, vendors, schema, runId } = resources;
  vendors.server.close();
  if (redis) {
    await deleteRedisKeys(redis, `martbook-test:${runId}:`);
    await closeRedis(redis);
  }
  if (schema) await db.exec(`DROP SCHEMA ${schema} CASCADE`);
  await db.close();
  resources = undefined;
}
