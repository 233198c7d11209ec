import type { Database } from '../../src/platform/database.ts';
import type { FakeClock } from '../../src/platform/clock.ts';
import { interceptQueries } from './intercept-queries.ts';

/** A statement reading products: a listing, a look-up by id, or a join from their mart. */
const LISTS_PRODUCTS = /\b(FROM|JOIN) products\b/;

/**
 * Makes listing a mart's products slow or broken, the way a struggling database would: a slow listing query
 * waits until the scenario lets the fake clock move on by `takesMs`, so concurrent requests are slow together
 * (nothing sleeps); a broken one throws. Other statements run as usual.
 */
export class SlowProductListing {
  takesMs = 0;
  failing = false;
  readonly #held: (() => void)[] = [];
  #onHeld: (() => void) | undefined;

  wrap(db: Database): Database {
    return interceptQueries(db, async (sql, run) => {
      if (LISTS_PRODUCTS.test(sql)) {
        if (this.failing) throw new Error('injected fault: the product listing query failed');
        if (this.takesMs > 0) {
          const answered = new Promise<void>((resolve) => this.#held.push(resolve));
          this.#onHeld?.();
          await answered;
        }
      }
      return run();
    });
  }

  /** Waits (within the step's timeout) until `count` listings are under way, moves the clock on by `takesMs`, and lets them all answer. */
  async finish(count: number, clock: FakeClock): Promise<void> {
    if (this.takesMs === 0 || this.failing) return;
    while (this.#held.length < count) await new Promise<void>((resolve) => (this.#onHeld = resolve));
    this.#onHeld = undefined;
    clock.advance(this.takesMs);
    for (const release of this.#held.splice(0)) release();
  }
}
