/**
 * The circuit breaker's arithmetic, kept apart from time-keeping and sharing so it can be read (and tested) in
 * one sitting. Our own rather than cockatiel's: cockatiel 3 judges consecutive failures or a time-based sample,
 * lets one half-open call through, reads `Date.now()` itself and keeps its state in the process — we need a
 * count-based window that also counts slow calls, several probes, the injected clock, and state that other
 * instances can push in.
 */
export interface BreakerPolicy {
  /** The window: the outcomes of the cluster's last this-many calls are judged. */
  windowSize: number;
  /** No judgement before the window holds this many calls. */
  minimumCalls: number;
  /** Opens when failed calls make up at least this share of the window (0.5 = 50 %). */
  failureRateThreshold: number;
  /** Opens when slow calls make up at least this share of the window. */
  slowCallRateThreshold: number;
  /** A call taking longer than this (by the injected clock) is slow, whether it succeeded or not. */
  slowCallMs: number;
  /** How long the breaker stays open before a probe may test the vendor. */
  openMs: number;
  /** Successful probe calls needed in half-open to close; the first failed or slow probe re-opens. */
  halfOpenProbes: number;
  /**
   * Distinct instances that must have seen failed or slow calls in the window before it may open the breaker
   * (1: any one instance's calls are enough; 2+: one instance with a bad network cannot open it for everyone).
   */
  quorum: number;
  /** The probe lock expires after this long, so a prober that died does not keep the cluster half-open. */
  probeLockMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/** The breaker as the cluster knows it: written by the instance that made the transition. */
export interface BreakerSnapshot {
  state: BreakerState;
  /** Epoch ms (injected clock) the transition happened. */
  at: number;
  /** While open: when a probe may be tried. */
  openUntil: number;
  /** The instance that made the transition. */
  by: string;
  reason: string;
}

export interface CallOutcome {
  failed: boolean;
  slow: boolean;
}

export interface WindowFigures {
  calls: number;
  failures: number;
  slowCalls: number;
}

/** The window's figures as judged: the calls in it, and how many distinct instances saw a failed or slow one. */
export interface JudgedFigures extends WindowFigures {
  troubledInstances: number;
}

/** Why the window says "open", or undefined while it says "closed" (or has too few calls to judge). */
export function verdict(policy: BreakerPolicy, { calls, failures, slowCalls }: WindowFigures): string | undefined {
  if (calls < policy.minimumCalls) return undefined;
  const pct = (n: number) => `${Math.round((n / calls) * 100)} %`;
  if (failures / calls >= policy.failureRateThreshold)
    return `${failures} of the last ${calls} calls failed (${pct(failures)})`;
  if (slowCalls / calls >= policy.slowCallRateThreshold) {
    return `${slowCalls} of the last ${calls} calls were slower than ${policy.slowCallMs} ms (${pct(slowCalls)})`;
  }
  return undefined;
}

export interface InstanceOutcome extends CallOutcome {
  instance: string;
}

/** The last `size` call outcomes, newest last: one instance's own, or the cluster's (in process). */
export class OutcomeWindow {
  readonly #outcomes: InstanceOutcome[] = [];

  record(outcome: InstanceOutcome, size: number): JudgedFigures {
    this.#outcomes.push(outcome);
    while (this.#outcomes.length > size) this.#outcomes.shift();
    return this.figures();
  }

  clear(): void {
    this.#outcomes.length = 0;
  }

  figures(): JudgedFigures {
    const troubled = new Set(this.#outcomes.filter((o) => o.failed || o.slow).map((o) => o.instance));
    return {
      calls: this.#outcomes.length,
      failures: this.#outcomes.filter((o) => o.failed).length,
      slowCalls: this.#outcomes.filter((o) => o.slow).length,
      troubledInstances: troubled.size,
    };
  }
}
