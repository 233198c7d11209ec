import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import type { Database } from './database.ts';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/**
 * Applies the numbered SQL files in `migrations/` that this database has not seen yet, each in its own
 * transaction, in file-name order. Returns the names applied.
 */
export async function migrate(db: Database): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const done = new Set((await db.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name));
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
  const applied: string[] = [];
  for (const name of files.filter((f) => !done.has(f))) {
    const sql = await readFile(new URL(name, MIGRATIONS_DIR), 'utf8');
    await db.transaction(async (tx) => {
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
    });
    applied.push(name);
  }
  return applied;
}

/** The code that applies the migrations (this runner, and the database's statements and transactions). */
const RUNNER = [new URL(import.meta.url), new URL('./database.ts', import.meta.url)];

/**
 * A digest of the migration files (names and texts) and of the runner's source: what a database migrated from
 * them holds. `runner` is for tests.
 */
export async function migrationsDigest(runner: readonly URL[] = RUNNER): Promise<string> {
  const hash = createHash('sha256');
  for (const source of runner) hash.update(`${await readFile(source, 'utf8')}\0`);
  for (const name of (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort())
    hash.update(`${name}\0${await readFile(new URL(name, MIGRATIONS_DIR), 'utf8')}\0`);
  return hash.digest('hex').slice(0, 16);
}

/** Migration files hold plain DDL separated by `;` at line ends (no functions with inner semicolons). */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);
}
