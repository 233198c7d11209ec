import { openDatabase, type Database } from '../../src/platform/database.ts';
import { migrate, migrationsDigest } from '../../src/platform/migrate.ts';

/**
 * An embedded database with every migration applied, started from the migrated template as the policies' is
 * (`migrate` still runs, with nothing left to do) instead of migrated afresh; test/migrate.test.ts migrates one from
 * scratch.
 */
export async function openMigrated(): Promise<Database> {
  return openDatabase({ setUp: { key: await migrationsDigest(), run: migrate } });
}
