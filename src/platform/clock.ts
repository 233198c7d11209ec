/** The clock port. Every policy about time (cart expiry, token life, breaker waits) reads time from here. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** A clock that can wake a waiter: `fn` runs once `ms` have passed on it, unless cancelled first. */
export interface TimerClock extends Clock {
  setTimer(ms: number, fn: () => void): () => void;
}

export const systemClock: TimerClock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

/** A clock that only moves when told to: scenarios advance days in microseconds. */
export class FakeClock implements TimerClock {
  #now: number;
  readonly #timers = new Set<{ due: number; fn: () => void }>();
  /** When on, time passes while anyone waits: a timer set moves the clock to it at once (see `setTimer`). */
  passesWhileWaiting = false;

  constructor(start: Date | number = Date.UTC(2026, 0, 5, 9, 0, 0)) {
    this.#now = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.#now;
  }

  /** Moves on `ms`; timers due by then run in the order they fall due. */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('a clock never goes back');
    const until = this.#now + ms;
    for (;;) {
      const next = [...this.#timers].filter((t) => t.due <= until).sort((a, b) => a.due - b.due)[0];
      if (!next) break;
      this.#timers.delete(next);
      this.#now = Math.max(this.#now, next.due);
      next.fn();
    }
    this.#now = until;
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer = { due: this.#now + ms, fn };
    this.#timers.add(timer);
    // After the caller has set up its wait (a microtask later), as if that long went by.
    if (this.passesWhileWaiting) queueMicrotask(() => this.#timers.has(timer) && this.advance(timer.due - this.#now));
    return () => void this.#timers.delete(timer);
  }
}

/**
 * A signal that aborts with a `TimeoutError` once `ms` have passed on `clock`, as `AbortSignal.timeout` does on
 * real time (so a scenario's clock decides when a vendor call is given up on); `clear` once the call is over.
 */
export function deadline(clock: TimerClock, ms: number): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const clear = clock.setTimer(ms, () =>
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
  );
  return { signal: controller.signal, clear };
}

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
