import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDatabase } from '../src/platform/database.ts';
import { migrate } from '../src/platform/migrate.ts';

describe('migrations', () => {
  it('apply once, in order, and record themselves', async () => {
    const db = await openDatabase();
    try {
      const first = await migrate(db);
      assert.ok(first.length > 0);
      assert.deepEqual(first, [...first].sort());
      assert.deepEqual(await migrate(db), []);
    } finally {
      await db.close();
    }
  });

  it('roll a failed transaction back completely', async () => {
    const db = await openDatabase();
    try {
      await migrate(db);
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.query(`INSERT INTO marts (id, name) VALUES ('m1', 'Gangnam Fresh')`);
          await tx.query(`INSERT INTO marts (id, name) VALUES ('m2', 'Gangnam Fresh')`);
        }),
      );
      assert.deepEqual(await db.query('SELECT * FROM marts'), []);
    } finally {
      await db.close();
    }
  });
});
