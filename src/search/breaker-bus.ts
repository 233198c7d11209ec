import {
  OutcomeWindow,
  type BreakerSnapshot,
  type BreakerState,
  type InstanceOutcome,
  type JudgedFigures,
  type WindowFigures,
} from './breaker.ts';

/** What one instance reports about its breaker, for the internal status endpoint. */
export interface InstanceBreakerView {
  instance: string;
  breaker: string;
  state: BreakerState;
  openUntil: number;
  reason: string;
  window: WindowFigures;
  /** Calls this instance sent to the vendor since it started. */
  vendorCalls: number;
  /** False while the shared state cannot be reached and this instance judges alone. */
  shared: boolean;
  at: number;
}

export type TransitionListener = (breaker: string, snapshot: BreakerSnapshot) => void;

/**
 * How the instances of one cluster share their breakers. Transitions are published to every instance and kept
 * as the breaker's current state, for instances that start later. The window of the last calls' outcomes is
 * the cluster's, so an outage is judged on every instance's calls together; the probe lock lets exactly one
 * instance probe in half-open. Times are the injected clock's (epoch ms), passed in.
 *
 * Implemented in process (the embedded default: the instances of one process) and on Redis (pub/sub + keys).
 * Every method may throw when the shared state is unreachable; the breaker then judges alone.
 */
export interface BreakerStateBus {
  /** Starts delivering other instances' transitions to `listener`. */
  subscribe(listener: TransitionListener): Promise<void>;
  /** Stores the breaker's state and tells every subscribed instance (the publisher's own listener included). */
  publish(breaker: string, snapshot: BreakerSnapshot): Promise<void>;
  /**
   * A round trip to this instance's own listener: resolves once a marker sent now has come back. Transitions
   * reach every listener in the order they were published, so every transition whose `publish` had resolved
   * before this call has been delivered here by then. Refused before `subscribe` and once closed.
   */
  echo(): Promise<void>;
  /** The cluster's current state of the breaker, if any instance has ever published one. */
  current(breaker: string): Promise<BreakerSnapshot | undefined>;
  /** Adds one call's outcome to the cluster's window of the last `size` calls; returns the window's figures. */
  record(breaker: string, outcome: InstanceOutcome, size: number): Promise<JudgedFigures>;
  /** Empties the window (the breaker opened or closed: judging starts afresh). */
  clearWindow(breaker: string): Promise<void>;
  /** Takes the probe lock (or renews it when `instance` holds it) until `now + ttlMs`; false when another holds it. */
  acquireProbe(breaker: string, instance: string, now: number, ttlMs: number): Promise<boolean>;
  releaseProbe(breaker: string, instance: string): Promise<void>;
  /** Keeps `view` as this instance's line in the cluster's status list. */
  report(view: InstanceBreakerView): Promise<void>;
  /** Every instance's latest view. */
  views(): Promise<InstanceBreakerView[]>;
  /** Drops `instance`'s line from the status list (it shut down). */
  retire(breaker: string, instance: string): Promise<void>;
  /** Stops listening (the instance shuts down). */
  close(): Promise<void>;
}

interface Shared {
  snapshots: Map<string, BreakerSnapshot>;
  windows: Map<string, OutcomeWindow>;
  locks: Map<string, { owner: string; expiresAt: number }>;
  views: Map<string, InstanceBreakerView>;
  listeners: Set<TransitionListener>;
}

/**
 * The embedded default: the instances of one process share one hub. Each instance gets its own bus from
 * `hub.connect()`, so closing one instance stops only its listener. Delivery is synchronous, so an echo
 * comes back at once.
 */
export class InProcessBreakerHub {
  readonly #shared: Shared = {
    snapshots: new Map(),
    windows: new Map(),
    locks: new Map(),
    views: new Map(),
    listeners: new Set(),
  };

  connect(): BreakerStateBus {
    const shared = this.#shared;
    let mine: TransitionListener | undefined;
    return {
      async subscribe(listener) {
        mine = listener;
        shared.listeners.add(listener);
      },
      async publish(breaker, snapshot) {
        shared.snapshots.set(breaker, snapshot);
        for (const listener of [...shared.listeners]) listener(breaker, snapshot);
      },
      async echo() {
        if (!mine) throw new Error('this bus is not listening');
      },
      async current(breaker) {
        return shared.snapshots.get(breaker);
      },
      async record(breaker, outcome, size) {
        const window = shared.windows.get(breaker) ?? new OutcomeWindow();
        shared.windows.set(breaker, window);
        return window.record(outcome, size);
      },
      async clearWindow(breaker) {
        shared.windows.delete(breaker);
      },
      async acquireProbe(breaker, instance, now, ttlMs) {
        const lock = shared.locks.get(breaker);
        if (lock && lock.owner !== instance && lock.expiresAt > now) return false;
        shared.locks.set(breaker, { owner: instance, expiresAt: now + ttlMs });
        return true;
      },
      async releaseProbe(breaker, instance) {
        if (shared.locks.get(breaker)?.owner === instance) shared.locks.delete(breaker);
      },
      async report(view) {
        shared.views.set(`${view.breaker}/${view.instance}`, view);
      },
      async views() {
        return [...shared.views.values()];
      },
      async retire(breaker, instance) {
        shared.views.delete(`${breaker}/${instance}`);
      },
      async close() {
        if (mine) shared.listeners.delete(mine);
        mine = undefined;
      },
    };
  }
}
