import type { Database, Queryable } from '../../src/platform/database.ts';

/** What a scenario does with one statement: run it (`run`), hold it first, answer it otherwise, or throw. */
export type StatementInterceptor = <Row>(sql: string, run: () => Promise<Row[]>) => Promise<Row[]>;

/**
 * The same database with every statement — a query or an exec, alone, inside a transaction or through a bounded
 * view — passed through `intercept` first: how scenarios count statements, slow or break one kind of query, or
 * answer one too early.
 */
export function interceptQueries(db: Database, intercept: StatementInterceptor): Database {
  const query =
    (target: Queryable): Queryable['query'] =>
    (sql, params) =>
      intercept(sql, () => target.query(sql, params));
  return {
    kind: db.kind,
    query: query(db),
    exec: async (sql) => {
      await intercept(sql, async () => {
        await db.exec(sql);
        return [];
      });
    },
    transaction: (work, options) => db.transaction((tx) => work({ query: query(tx) }), options),
    bounded: (ms, clock) => interceptQueries(db.bounded(ms, clock), intercept),
    close: () => db.close(),
  };
}
