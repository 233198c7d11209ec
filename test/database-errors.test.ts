import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { redacted } from '../src/platform/database-errors.ts';
import { openDatabase, type Database } from '../src/platform/database.ts';
import { DomainError } from '../src/platform/errors.ts';
import { createLogger } from '../src/platform/logger.ts';
import { LogCapture } from '../steps/support/log-capture.ts';

/** A failed statement on the embedded database is logged without its SQL or bound values (customers' text). */
describe('embedded database errors', () => {
  let db: Database;
  before(async () => {
    db = await openDatabase();
    await db.exec('CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)');
  });
  after(() => db.close());

  const logged = (error: unknown) => {
    const logs = new LogCapture();
    createLogger('info', logs).error({ err: error }, 'unhandled error');
    return logs.text();
  };

  it('keeps the code and message and drops the statement and its values, in a query and in a transaction', async () => {
    const failures = [
      db.query('INSERT INTO notes VALUES ($1, $2)', ['not a number', 'my home address']),
      db.transaction((tx) => tx.query('INSERT INTO notes VALUES ($1, $2)', [1, 'my home address\u0000'])),
      db.exec("INSERT INTO notes VALUES ('x', 'my home address')"),
    ];
    for (const failure of failures) {
      const error = await failure.then(
        () => assert.fail('the statement succeeded'),
        (e: unknown) => e,
      );
      const line = logged(error);
      assert.match(line, /"code":"22\w+"/);
      assert.doesNotMatch(line, /home address|INSERT INTO/);
    }
  });

  it('passes a refusal thrown inside a transaction through whole: its status, code and details', () => {
    const refusal = new DomainError(422, 'IDEMPOTENCY_KEY_REUSED', 'That key was used for another request.', {
      key: 'k',
    });
    assert.equal(redacted(refusal), refusal);
    assert.deepEqual([refusal.status, refusal.code, refusal.details], [422, 'IDEMPOTENCY_KEY_REUSED', { key: 'k' }]);
  });
});
