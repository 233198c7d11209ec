import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Database } from '../src/platform/database.ts';

/** The embedded database's prepared statements answer as PGlite's own `query` did. */
describe('embedded database statements', () => {
  let db: Database;
  before(async () => {
    db = await openDatabase();
    await db.exec('CREATE TABLE notes (id int PRIMARY KEY, body text, at timestamptz, tags text[], doc jsonb)');
  });
  after(() => db.close());

  it('refuses a prepared statement whose columns changed since it was prepared, never reading rows by the old ones', async () => {
    // Its columns are described once, when it is prepared: Postgres refusing the changed plan is what makes that safe.
    await db.exec('CREATE TABLE cards (id int PRIMARY KEY)');
    await db.query('INSERT INTO cards VALUES ($1)', [1]);
    assert.deepEqual(await db.query('SELECT * FROM cards WHERE id = $1', [1]), [{ id: 1 }]);
    await db.exec('ALTER TABLE cards ADD COLUMN title text');
    await assert.rejects(db.query('SELECT * FROM cards WHERE id = $1', [1]), /cached plan must not change result type/);
  });

  it('sends values through their column types and reads rows back typed, again and again', async () => {
    const at = new Date(Date.UTC(2026, 0, 5, 9));
    for (const id of [1, 2]) {
      await db.query('INSERT INTO notes VALUES ($1, $2, $3, $4, $5)', [id, null, at, ['a', 'b'], { n: id }]);
    }
    assert.deepEqual(await db.query('SELECT * FROM notes WHERE id = $1', [2]), [
      { id: 2, body: null, at, tags: ['a', 'b'], doc: { n: 2 } },
    ]);
  });

  it('stays usable after a refused statement, inside and outside a transaction', async () => {
    await assert.rejects(db.query('INSERT INTO notes (id) VALUES ($1)', [1]), /duplicate key/);
    await assert.rejects(db.query('SELEC 1'), /syntax error/);
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO notes (id) VALUES ($1)', [3]);
        await tx.query('INSERT INTO notes (id) VALUES ($1)', [3]);
      }),
      /duplicate key/,
    );
    assert.deepEqual(await db.query('SELECT count(*)::int AS n FROM notes'), [{ n: 2 }]);
  });

  it('answers each of several statements sent at once in one transaction with its own rows', async () => {
    const [one, two] = await db.transaction((tx) =>
      Promise.all([tx.query("SELECT 'one' AS v"), tx.query('SELECT id FROM notes WHERE id = $1', [2])]),
    );
    assert.deepEqual([one, two], [[{ v: 'one' }], [{ id: 2 }]]);
  });

  it('prepares a text once when several statements of a transaction ask for it at the same time', async () => {
    const text = 'SELECT $1::int * 7 AS n';
    await db.transaction((tx) => Promise.all([1, 2, 3].map((n) => tx.query(text, [n]))));
    const prepared = await db.query('SELECT name FROM pg_prepared_statements WHERE statement = $1', [text]);
    assert.equal(prepared.length, 1);
  });

  it('closes the least recently used statement past its bound, and keeps answering', async () => {
    const kept = 'SELECT $1::int + 0 AS n';
    const preparedAs = () => db.query('SELECT name FROM pg_prepared_statements WHERE statement = $1', [kept]);
    await db.query(kept, [1]);
    const [first] = await preparedAs();
    for (let i = 0; i < 600; i++) {
      assert.deepEqual(await db.query(`SELECT $1::int + ${i} AS n`, [1]), [{ n: i + 1 }]);
      await db.query(kept, [1]); // used all along: never the least recently used
    }
    const prepared = await db.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements');
    assert.ok(prepared.length <= 500, `${prepared.length} statements prepared`);
    assert.deepEqual(await preparedAs(), [first], 'the statement used all along was closed and prepared again');
    assert.deepEqual(await db.query(kept, [1]), [{ n: 1 }]);
  });
});
