import { systemClock, type TimerClock } from './clock.ts';

/**
 * One holder at a time, first come first served, for a resource that serves one caller at once (the embedded
 * database). A waiter not served within its bound gives up with `refusal()` and leaves the line: what it would
 * have run never runs.
 */
export class Turns {
  #busy = false;
  readonly #line: (() => void)[] = [];

  /** `clock` measures the wait (a scenario's clock lets its callers wait without real time passing). */
  async run<T>(
    maxWaitMs: number,
    refusal: () => Error,
    work: () => Promise<T>,
    clock: TimerClock = systemClock,
  ): Promise<T> {
    await this.#take(maxWaitMs, refusal, clock);
    try {
      return await work();
    } finally {
      const next = this.#line.shift();
      if (next) next();
      else this.#busy = false;
    }
  }

  #take(maxWaitMs: number, refusal: () => Error, clock: TimerClock): Promise<void> {
    if (!this.#busy) {
      this.#busy = true;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const served = () => {
        cancel();
        resolve();
      };
      this.#line.push(served);
      const cancel = clock.setTimer(maxWaitMs, () => {
        this.#line.splice(this.#line.indexOf(served), 1);
        reject(refusal());
      });
    });
  }
}
