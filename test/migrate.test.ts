import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Database } from '../src/platform/database.ts';
import { migrate } from '../src/platform/migrate.ts';

describe('migrations', () => {
  // One embedded database (each costs a PGlite start): the first test needs it fresh and runs first; the second
  // migrates it again (nothing left to apply) and writes nothing it keeps.
  let db: Database;
  before(async () => {
    db = await openDatabase();
  });
  after(() => db.close());

  it('apply once, in order, and record themselves', async () => {
    const first = await migrate(db);
    assert.ok(first.length > 0);
    assert.deepEqual(first, [...first].sort());
    assert.deepEqual(await migrate(db), []);
  });

  it('roll a failed transaction back completely', async () => {
    await migrate(db);
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO marts (id, name) VALUES ('m1', 'Gangnam Fresh')`);
        await tx.query(`INSERT INTO marts (id, name) VALUES ('m2', 'Gangnam Fresh')`);
      }),
    );
    assert.deepEqual(await db.query('SELECT * FROM marts'), []);
  });
});
