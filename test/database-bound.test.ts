import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../src/platform/clock.ts';
import { DomainError } from '../src/platform/errors.ts';
import { openDatabase, type Database } from '../src/platform/database.ts';
import { createLogger } from '../src/platform/logger.ts';
import { TcpForwarder } from '../steps/support/tcp-forwarder.ts';

const DATABASE_URL = process.env.DATABASE_URL;
const refusedAsUnavailable = (error: unknown) =>
  error instanceof DomainError && error.status === 503 && error.code === 'STORAGE_UNAVAILABLE';

/** What a pino logger writes for an error, as the error handler logs it. */
function logged(error: unknown): string {
  let line = '';
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => void ((line += chunk.toString()), done()) });
  createLogger('info', sink).error({ err: error }, 'unhandled error');
  return line;
}

/** One embedded database for the file (each costs a PGlite start); each suite makes a table of its own. */
let embedded: Promise<Database> | undefined;
const openEmbedded = () => (embedded ??= openDatabase());
after(async () => (await embedded)?.close());

/** A database of each kind this run can reach: always the embedded one, a real server with DATABASE_URL. */
const schema = `bound_${randomUUID().slice(0, 8)}`;
const kinds = [
  { kind: 'embedded', open: openEmbedded },
  ...(DATABASE_URL ? [{ kind: 'real', open: () => openDatabase({ url: DATABASE_URL, schema }) }] : []),
];

for (const { kind, open } of kinds) {
  describe(`${kind} database: a customer's values never reach the log`, () => {
    let db: Database;
    before(async () => {
      db = await open();
      await db.exec('CREATE TABLE products (sku text PRIMARY KEY, stock int NOT NULL)');
      await db.query("INSERT INTO products VALUES ('carrot-of-jisoo-home-address', 1)");
    });
    after(async () => {
      if (kind !== 'real') return;
      await db.exec(`DROP SCHEMA ${schema} CASCADE`);
      await db.close();
    });

    it('keeps the code, constraint, table and column; drops the key and the literal', async () => {
      const failures = [
        // Key (sku)=(carrot-of-jisoo-home-address) already exists.
        () => db.query('INSERT INTO products VALUES ($1, 2)', ['carrot-of-jisoo-home-address']),
        // invalid input syntax for type integer: "seventeen-jisoo-home-address"
        () => db.transaction((tx) => tx.query('UPDATE products SET stock = $1', ['seventeen-jisoo-home-address'])),
        // null value in column "stock" … Failing row contains (home-address-of-jisoo, null).
        () => db.query('INSERT INTO products VALUES ($1, NULL)', ['home-address-of-jisoo']),
      ];
      const lines: string[] = [];
      for (const failure of failures) {
        const error: unknown = await failure().then(
          () => assert.fail('it succeeded'),
          (e: unknown) => e,
        );
        lines.push(logged(error));
      }
      for (const line of lines) assert.doesNotMatch(line, /home-address|INSERT|UPDATE/, line);
      assert.match(lines[0]!, /"code":"23505"/);
      assert.match(lines[0]!, /"constraint":"products_pkey"/);
      assert.match(lines[0]!, /"table":"products"/);
      assert.match(lines[1]!, /"code":"22P02"/);
      assert.match(lines[2]!, /"code":"23502"/);
      assert.match(lines[2]!, /"column":"stock"/);
      assert.match(lines[2]!, /column \\"stock\\"/);
    });
  });
}

describe('embedded database held by another caller', () => {
  let db: Database;
  before(async () => {
    db = await openEmbedded();
    await db.exec('CREATE TABLE notes (body text)');
  });

  it('refuses 503 STORAGE_UNAVAILABLE after the bound, and what was refused never runs', async () => {
    let release!: () => void;
    const held = db.transaction(() => new Promise<void>((resolve) => (release = resolve)));
    // The wait is measured on a fake clock: the bound passes when the test says, not after real milliseconds.
    const clock = new FakeClock();
    const bounded = db.bounded(50, clock);
    const settled: string[] = [];
    const waiting = [
      bounded.query("INSERT INTO notes VALUES ('refused')"),
      bounded.transaction((tx) => tx.query("INSERT INTO notes VALUES ('refused too')")),
    ].map((call, i) => call.finally(() => void settled.push(`call ${i}`)));
    clock.advance(49);
    await new Promise(setImmediate);
    assert.deepEqual(settled, [], 'refused before the bound');
    clock.advance(1);
    await Promise.all(waiting.map((call) => assert.rejects(call, refusedAsUnavailable)));
    const patient = db.query("INSERT INTO notes VALUES ('waited its turn')");
    release();
    await held;
    await patient;
    assert.deepEqual(await db.query('SELECT body FROM notes'), [{ body: 'waited its turn' }]);
  });
});

describe(
  'real database that stops answering or runs long',
  { skip: !DATABASE_URL && 'set DATABASE_URL (npm run test:real) to run against a real Postgres' },
  () => {
    const url = new URL(DATABASE_URL ?? 'postgres://127.0.0.1:5432/test');
    const forwarder = new TcpForwarder({ host: url.hostname, port: Number(url.port || 5432) });
    let db: Database;
    before(async () => {
      await forwarder.start();
      const forwarded = new URL(url);
      forwarded.hostname = '127.0.0.1';
      forwarded.port = String(forwarder.port);
      db = await openDatabase({ url: forwarded.toString(), statementTimeoutMs: 200 });
    });
    after(async () => {
      await db.close();
      await forwarder.close();
    });

    it('cancels a statement past the bound; a transaction given more time finishes', async () => {
      await assert.rejects(db.query('SELECT pg_sleep(2)'), refusedAsUnavailable);
      await db.transaction((tx) => tx.query('SELECT pg_sleep(0.4)'), { statementTimeoutMs: 5_000 });
      assert.deepEqual(await db.query('SELECT 1 AS one'), [{ one: 1 }]);
    });

    it('gives up on a connection that stays open but never answers, and works again when it answers', async () => {
      assert.deepEqual(await db.query('SELECT 1 AS one'), [{ one: 1 }]);
      forwarder.stall();
      await assert.rejects(db.query('SELECT 1'), refusedAsUnavailable);
      await assert.rejects(
        db.transaction((tx) => tx.query('SELECT 1')),
        refusedAsUnavailable,
      );
      await forwarder.restore();
      assert.deepEqual(await db.query('SELECT 1 AS one'), [{ one: 1 }]);
    });
  },
);
