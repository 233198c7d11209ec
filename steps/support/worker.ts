import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { startMockVendors, type MockVendors } from '../../mocks/server.ts';
import { openDatabase, type Database } from '../../src/platform/database.ts';
import { migrate } from '../../src/platform/migrate.ts';
import { openRedis } from '../../src/platform/redis.ts';

/**
 * What one Cucumber worker process opens once and shares across its scenarios: a database (its own PGlite, or
 * its own schema on the real server), a Redis connection when `REDIS_URL` is set, and the mock vendors.
 * Scenarios stay isolated: tables are emptied before each one and each gets its own Redis key prefix.
 */
export interface WorkerResources {
  backend: 'embedded' | 'real';
  db: Database;
  redis: Redis | undefined;
  vendors: MockVendors;
  runId: string;
  schema: string | undefined;
}

let resources: WorkerResources | undefined;

export async function openWorkerResources(): Promise<WorkerResources> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const redisUrl = process.env.REDIS_URL || undefined;
  const runId = randomUUID().slice(0, 8);
  const schema = databaseUrl ? `martbook_test_${runId}_w${process.env.CUCUMBER_WORKER_ID ?? '0'}` : undefined;
  const db = await openDatabase({ url: databaseUrl, schema });
  await migrate(db);
  resources = {
    backend: databaseUrl || redisUrl ? 'real' : 'embedded',
    db,
    redis: redisUrl ? await openRedis(redisUrl) : undefined,
    vendors: startMockVendors(),
    runId,
    schema,
  };
  return resources;
}

export function workerResources(): WorkerResources {
  if (!resources) throw new Error('worker resources are opened in BeforeAll');
  return resources;
}

/** Empties every table but the migration record: each scenario starts from an empty platform. */
export async function resetDatabase(db: Database): Promise<void> {
  const tables = await tablesOf(db);
  if (tables.length === 0) return;
  // One round trip tells which tables the scenario wrote to (up to a cap): most touch a few, with a few rows.
  const counts = await db.query<{ name: string; rows: number }>(
    tables
      .map(
        (_, i) =>
          `SELECT $${i + 1}::text AS name, (SELECT count(*)::int FROM (SELECT 1 FROM "${tables[i]}" LIMIT ${BIG_TABLE_ROWS}) AS t) AS rows`,
      )
      .join(' UNION ALL '),
    [...tables],
  );
  const written = new Map(counts.filter((count) => count.rows > 0).map((count) => [count.name, count.rows]));
  if (written.size === 0) return;
  // DELETE of a few rows is far cheaper than TRUNCATE (new files per table); a large table is truncated instead,
  // so no scenario scans the dead rows of an earlier one.
  const big = [...written].some(([, rows]) => rows >= BIG_TABLE_ROWS);
  const emptied = tables.filter((table) => written.has(table));
  await db.exec(
    big
      ? `TRUNCATE ${emptied.map((t) => `"${t}"`).join(', ')} CASCADE`
      : emptied.map((t) => `DELETE FROM "${t}";`).join(' '),
  );
}

const BIG_TABLE_ROWS = 1000;
/** Per database: its tables, children before the tables they reference (the schema is fixed once migrated). */
const tableOrders = new WeakMap<Database, Promise<string[]>>();

function tablesOf(db: Database): Promise<string[]> {
  let order = tableOrders.get(db);
  if (!order) {
    order = deleteOrder(db);
    tableOrders.set(db, order);
  }
  return order;
}

async function deleteOrder(db: Database): Promise<string[]> {
  const tables = await db.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations' ORDER BY tablename`,
  );
  const references = await db.query<{ child: string; parent: string }>(
    `SELECT child.relname AS child, parent.relname AS parent FROM pg_constraint c
       JOIN pg_class child ON child.oid = c.conrelid JOIN pg_class parent ON parent.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = child.relnamespace
     WHERE c.contype = 'f' AND n.nspname = current_schema() AND child.oid <> parent.oid`,
  );
  const left = new Set(tables.map((t) => t.tablename));
  const order: string[] = [];
  while (left.size > 0) {
    // A table goes once no table still left references it.
    const next = [...left].filter((table) => !references.some((r) => r.parent === table && left.has(r.child)));
    if (next.length === 0)
      throw new Error(`foreign keys form a cycle among ${[...left].join(', ')}: reset cannot order its deletes`);
    for (const table of next) {
      order.push(table);
      left.delete(table);
    }
  }
  return order;
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
    await redis.quit();
  }
  if (schema) await db.exec(`DROP SCHEMA ${schema} CASCADE`);
  await db.close();
  resources = undefined;
}
