import type { Database } from '../../src/platform/database.ts';
import { interceptQueries } from './intercept-queries.ts';

/** Wraps the database so scenarios can see how many statements the platform ran (batching policies). */
export class StatementCounter {
  count = 0;

  wrap(db: Database): Database {
    return interceptQueries(db, (_sql, run) => {
      this.count++;
      return run();
    });
  }
}
