import type { Database, Queryable } from '../../src/platform/database.ts';

/** Wraps the database so scenarios can see how many statements the platform ran (batching policies). */
export class StatementCounter {
  count = 0;

  wrap(db: Database): Database {
    const query =
      (target: Queryable): Queryable['query'] =>
      (sql, params) => {
        this.count++;
        return target.query(sql, params);
      };
    return {
      kind: db.kind,
      query: query(db),
      exec: (sql) => {
        this.count++;
        return db.exec(sql);
      },
      transaction: (work, options) => db.transaction((tx) => work({ query: query(tx) }), options),
      bounded: (ms) => this.wrap(db.bounded(ms)),
      close: () => db.close(),
    };
  }
}
