import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CatalogService } from '../src/catalog/catalog.service.ts';
import { CatalogStore } from '../src/catalog/catalog.store.ts';
import type { MartId } from '../src/catalog/catalog.types.ts';
import { ProductImportService } from '../src/catalog/import/import.service.ts';
import { createPreviewTokens } from '../src/catalog/import/preview-token.ts';
import { systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { Database } from '../src/platform/database.ts';
import { DomainError } from '../src/platform/errors.ts';
import { generatedSheet } from '../steps/support/drivers/product-sheets.ts';
import { openMigrated } from './support/migrated-database.ts';

/** The database, with the statements each transaction ran written down. */
function recording(db: Database) {
  const transactions: string[][] = [];
  const spied: Database = {
    ...db,
    query: (sql, params) => db.query(sql, params),
    transaction: (work) => {
      const statements: string[] = [];
      transactions.push(statements);
      return db.transaction((tx) =>
        work({ query: (sql, params) => (statements.push(sql.trim().split(/\s+/)[0]!), tx.query(sql, params)) }),
      );
    },
  };
  return { db: spied, transactions };
}

describe('committing a product sheet', () => {
  let db: Database;
  let martId: MartId;
  const limits = loadConfig({}).productImport;
  const tokens = createPreviewTokens('a secret of at least thirty-two characters', systemClock, limits.previewTtlMs);

  before(async () => {
    db = await openMigrated();
    martId = (await new CatalogStore(db).createMart('Gangnam Fresh')).id;
  });
  after(() => db.close());

  const service = (
    on: Database,
    maxRows = limits.maxRows,
    reads = { concurrentReads: limits.concurrentReads, readQueue: limits.readQueue },
  ) => new ProductImportService(on, new CatalogService(new CatalogStore(on)), tokens, { ...limits, maxRows, ...reads });

  it('receives an upload only in a reading slot: one waits unread, one past the waiting line is refused unread', async () => {
    const file = await generatedSheet(50);
    const oneSlot = service(db, limits.maxRows, { concurrentReads: 1, readQueue: 1 });
    const received: string[] = [];
    let firstArrives!: () => void;
    const arrival = new Promise<void>((resolve) => (firstArrives = resolve));
    const upload = (name: string, arrived?: Promise<void>) => async () => {
      received.push(name);
      await arrived;
      return file;
    };
    const previews = [
      oneSlot.preview(martId, upload('first', arrival)),
      oneSlot.preview(martId, upload('waiting')),
      oneSlot.preview(martId, upload('past the line')),
    ];
    await assert.rejects(previews[2]!, (error) => error instanceof DomainError && error.code === 'IMPORT_BUSY');
    assert.deepEqual(received, ['first'], 'only the upload in the slot is read while it arrives');
    firstArrives();
    assert.deepEqual(
      (await Promise.all(previews.slice(0, 2))).map((preview) => preview.counts.new),
      [50, 50],
    );
    assert.deepEqual(received, ['first', 'waiting']);
  });

  it('reads the sheet before its transaction: a sheet refused while reading never opens one', async () => {
    const file = await generatedSheet(50);
    const { token } = await service(db).preview(martId, async () => file);
    const { db: spied, transactions } = recording(db);
    // The same sheet, committed where the row limit has since been lowered: refused while it is read.
    await assert.rejects(
      service(spied, 10).commit(martId, async () => ({ file, token, skipInvalid: false })),
      (error) => error instanceof DomainError && error.code === 'IMPORT_TOO_MANY_ROWS',
    );
    assert.deepEqual(transactions, []);
  });

  it('holds its transaction for the lock, the stale check and the set-based writes only', async () => {
    const file = await generatedSheet(50);
    const { token } = await service(db).preview(martId, async () => file);
    const { db: spied, transactions } = recording(db);
    const result = await service(spied).commit(martId, async () => ({ file, token, skipInvalid: false }));
    assert.equal(result.inserted, 50);
    assert.deepEqual(transactions, [['SELECT', 'SELECT', 'INSERT']]);
  });
});
