import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/logger.ts';
import { OutcomeWindow, verdict, type BreakerPolicy, type BreakerSnapshot, type BreakerState } from './breaker.ts';
import type { BreakerStateBus, InstanceBreakerView } from './breaker-bus.ts';

/** The breaker refused the call: the vendor is not called, the caller falls back. */
export class BreakerOpenError extends Error {
  override name = 'BreakerOpenError';
}

/** The instance could not confirm that it heard the cluster's transitions: its echo did not come back. */
export class NotCaughtUpError extends Error {
  override name = 'NotCaughtUpError';
}

/** How long one operation on the shared state may take before this instance judges alone (real ms). */
const BUS_TIMEOUT_MS = 250;
/**
 * How long an echo may take before `caughtUp` gives up (real ms, as the bus timeout): a marker sent while the
 * listener reconnects is lost. Longer than the bus timeout, because a slow round trip on a loaded machine is no outage.
 */
const ECHO_TIMEOUT_MS = 1_000;
/** After the shared state failed to answer, how long (injected clock) before it is tried again. */
const BUS_RETRY_MS = 5_000;

/** Whether a failed call says the vendor is unhealthy (a timeout, 5xx, 429, a broken answer) or not (400, 404). */
export type FailureJudge = (error: unknown) => boolean;

interface ProbeTurn {
  started: number;
  succeeded: number;
}

/**
 * One instance's circuit breaker whose state is a cluster fact.
 *
 * - closed: every call goes to the vendor. The outcomes of the cluster's last `windowSize` calls (all
 *   instances together) are judged once `minimumCalls` are in. When failures or slow calls reach their
 *   threshold, and at least `quorum` distinct instances saw failed or slow calls among them, the instance
 *   that recorded the deciding call opens the breaker for the cluster and publishes the transition.
 * - open: no call reaches the vendor until `openUntil` (injected clock). Instances that hear of the transition
 *   open too, without calling the vendor themselves.
 * - half-open: the first instance to take the probe lock (it expires) publishes half-open and lets up to
 *   `halfOpenProbes` calls through; every other call, everywhere, is refused. The first failed or slow probe
 *   re-opens the breaker, `halfOpenProbes` successes close it — for every instance.
 *
 * When the shared state cannot be reached the instance logs it once and judges alone until it answers again.
 */
export class SharedBreaker {
  #snapshot: BreakerSnapshot;
  readonly #window: OutcomeWindow;
  #probe: Promise<ProbeTurn | undefined> | undefined;
  #shared = true;
  #busRetryAt = 0;
  #vendorCalls = 0;
  #quorumLogged = false;
  /** Operations on the shared state still under way, whether or not a caller waits for them. */
  readonly #underWay = new Set<Promise<unknown>>();

  constructor(
    readonly name: string,
    readonly instance: string,
    private readonly policy: BreakerPolicy,
    private readonly clock: Clock,
    private readonly bus: BreakerStateBus,
    private readonly logger: Logger,
  ) {
    this.#window = new OutcomeWindow();
    this.#snapshot = { state: 'closed', at: clock.now(), openUntil: 0, by: instance, reason: 'started' };
  }

  get state(): BreakerState {
    return this.#snapshot.state;
  }

  get snapshot(): BreakerSnapshot {
    return { ...this.#snapshot };
  }

  /** Listens to the cluster and starts in its state (a late joiner starts open when the cluster is open). */
  async start(): Promise<void> {
    await this.#onBus(
      (bus) => bus.subscribe((breaker, snapshot) => breaker === this.name && this.#heard(snapshot)),
      undefined,
    );
    const current = await this.#onBus((bus) => bus.current(this.name), undefined);
    if (current && current.state !== 'closed')
      this.#apply(current, `joined the cluster's state (set by ${current.by})`);
    await this.#report();
  }

  /**
   * A graceful shutdown: a probe lock this instance holds is handed back at once, its status line goes, it stops
   * listening. It stops listening even when the shared state cannot be reached: letting go of its own connection
   * needs no answer, and a listener left behind would try to reconnect for as long as the process lives.
   */
  async close(): Promise<void> {
    try {
      const probing = this.#probe ? await this.#probe : undefined;
      if (probing) await this.#onBus((bus) => bus.releaseProbe(this.name, this.instance), undefined);
      await this.#onBus((bus) => bus.retire(this.name, this.instance), undefined);
    } finally {
      await this.bus.close();
    }
  }

  /** Stops listening only, as a crash would: locks stay behind until they expire. */
  async stopListening(): Promise<void> {
    await this.bus.close();
  }

  /** Runs one vendor call through the breaker; throws `BreakerOpenError` without calling when it is open. */
  async execute<T>(work: () => Promise<T>, countsAsFailure: FailureJudge): Promise<T> {
    const probe = await this.#permit();
    const startedAt = this.clock.now();
    this.#vendorCalls += 1;
    try {
      const result = await work();
      await this.#ended(probe, startedAt, undefined);
      return result;
    } catch (error) {
      await this.#ended(probe, startedAt, countsAsFailure(error) ? error : undefined);
      throw error;
    }
  }

  /** Records one call's outcome: `failure` is the error when it counts as failed. */
  async #ended(probe: ProbeTurn | undefined, startedAt: number, failure: unknown): Promise<void> {
    const failed = failure !== undefined;
    const durationMs = this.clock.now() - startedAt;
    const slow = durationMs > this.policy.slowCallMs;
    if (probe) await this.#probeEnded(probe, failed || slow, failed ? describe(failure) : `took ${durationMs} ms`);
    else await this.#recorded(failed, slow);
    await this.#report();
  }

  /**
   * Resolves once this instance's operations on the shared state that are under way have ended: the publishes
   * of its transitions among them, even one that outlived the bus timeout or that nobody awaits.
   */
  async settled(): Promise<void> {
    while (this.#underWay.size > 0) await Promise.allSettled([...this.#underWay]);
  }

  /**
   * Resolves once this instance has heard and applied every transition any instance published before the call:
   * a round trip on the bus, whose echo comes back after all of them. A publish another instance still has under
   * way is not covered, so settle every instance first. Judging alone, it hears nothing and resolves at once.
   * Rejects with `NotCaughtUpError`, naming the instance, when the echo is refused or not back within `ECHO_TIMEOUT_MS`.
   */
  async caughtUp(): Promise<void> {
    await this.settled();
    if (!this.#shared) return;
    try {
      await within(ECHO_TIMEOUT_MS, this.bus.echo());
    } catch (error) {
      throw new NotCaughtUpError(
        `instance ${this.instance}'s ${this.name} breaker did not hear its echo: ${describe(error)}`,
        { cause: error },
      );
    }
  }

  view(): InstanceBreakerView {
    return {
      instance: this.instance,
      breaker: this.name,
      state: this.#snapshot.state,
      openUntil: this.#snapshot.openUntil,
      reason: this.#snapshot.reason,
      window: this.#window.figures(),
      vendorCalls: this.#vendorCalls,
      shared: this.#shared,
      at: this.clock.now(),
    };
  }

  /** Every instance's latest view, this one's as of now. */
  async clusterViews(): Promise<InstanceBreakerView[]> {
    const others = await this.#onBus((bus) => bus.views(), []);
    return [...others.filter((v) => !(v.instance === this.instance && v.breaker === this.name)), this.view()];
  }

  /** Undefined: an ordinary call. A turn: this call is a half-open probe. */
  async #permit(): Promise<ProbeTurn | undefined> {
    const { state, openUntil } = this.#snapshot;
    if (state === 'closed') return undefined;
    if (state === 'open' && this.clock.now() < openUntil)
      throw new BreakerOpenError(`the ${this.name} breaker is open`);
    this.#probe ??= this.#takeProbeLock();
    const turn = await this.#probe;
    if (!turn) throw new BreakerOpenError(`the ${this.name} breaker is half-open and another instance probes`);
    if (turn.started >= this.policy.halfOpenProbes)
      throw new BreakerOpenError(`the ${this.name} breaker's probes are under way`);
    turn.started += 1;
    return turn;
  }

  async #takeProbeLock(): Promise<ProbeTurn | undefined> {
    const now = this.clock.now();
    const mine = await this.#onBus(
      (bus) => bus.acquireProbe(this.name, this.instance, now, this.policy.probeLockMs),
      true,
    );
    if (!mine || this.#snapshot.state === 'closed') {
      this.#probe = undefined;
      return undefined;
    }
    const turn: ProbeTurn = { started: 0, succeeded: 0 };
    const waited = Math.round((now - this.#snapshot.at) / 1000);
    await this.#transition(
      'half-open',
      0,
      `open for ${waited} s; this instance probes with up to ${this.policy.halfOpenProbes} calls`,
    );
    return turn;
  }

  async #probeEnded(turn: ProbeTurn, bad: boolean, detail: string): Promise<void> {
    if (this.#snapshot.state !== 'half-open' || (await this.#probe) !== turn) return; // the cluster moved on meanwhile
    if (bad) {
      this.#probe = undefined;
      await this.#transition('open', this.clock.now() + this.policy.openMs, `a probe failed (${detail})`);
      await this.#onBus((bus) => bus.releaseProbe(this.name, this.instance), undefined);
      return;
    }
    turn.succeeded += 1;
    if (turn.succeeded < this.policy.halfOpenProbes) return;
    this.#probe = undefined;
    await this.#transition('closed', 0, `${turn.succeeded} probe calls succeeded`);
    await this.#onBus((bus) => bus.releaseProbe(this.name, this.instance), undefined);
  }

  async #recorded(failed: boolean, slow: boolean): Promise<void> {
    if (this.#snapshot.state !== 'closed') return; // finished after the breaker opened: the window starts afresh
    const outcome = { instance: this.instance, failed, slow };
    const own = this.#window.record(outcome, this.policy.windowSize);
    const cluster = await this.#onBus((bus) => bus.record(this.name, outcome, this.policy.windowSize), undefined);
    // Judging alone (the shared state is unreachable): this instance's own window, no quorum to ask.
    const figures = cluster ?? own;
    const reason = verdict(this.policy, figures);
    if (!reason || this.#snapshot.state !== 'closed') return;
    const votes = cluster ? figures.troubledInstances : this.policy.quorum;
    if (votes < this.policy.quorum) {
      if (!this.#quorumLogged) {
        this.#quorumLogged = true;
        this.logger.warn(
          { instance: this.instance, breaker: this.name, reason, votes, quorum: this.policy.quorum },
          `${this.name} breaker: the window says open, but only ${votes} of ${this.policy.quorum} instances agree`,
        );
      }
      return;
    }
    await this.#transition('open', this.clock.now() + this.policy.openMs, reason);
  }

  async #transition(state: BreakerState, openUntil: number, reason: string): Promise<void> {
    const snapshot: BreakerSnapshot = { state, openUntil, reason, at: this.clock.now(), by: this.instance };
    this.#apply(snapshot, reason);
    await this.#onBus((bus) => bus.publish(this.name, snapshot), undefined);
    if (state !== 'half-open') await this.#onBus((bus) => bus.clearWindow(this.name), undefined);
  }

  /** Another instance's transition: followed at once, without calling the vendor. */
  #heard(snapshot: BreakerSnapshot): void {
    if (snapshot.by === this.instance) return;
    if (snapshot.state === this.#snapshot.state && snapshot.openUntil === this.#snapshot.openUntil) return;
    this.#apply(snapshot, `instance ${snapshot.by}: ${snapshot.reason}`);
    void this.#track(this.#report());
  }

  #apply(snapshot: BreakerSnapshot, reason: string): void {
    const from = this.#snapshot.state;
    this.#snapshot = snapshot;
    if (snapshot.state !== 'half-open') this.#window.clear();
    if (snapshot.by !== this.instance) this.#probe = undefined;
    if (snapshot.state === 'closed') this.#quorumLogged = false;
    const log = {
      instance: this.instance,
      breaker: this.name,
      from,
      to: snapshot.state,
      reason,
      by: snapshot.by,
      openUntil: snapshot.openUntil,
    };
    if (snapshot.state === 'open') this.logger.warn(log, `${this.name} breaker opened`);
    else this.logger.info(log, `${this.name} breaker ${snapshot.state === 'closed' ? 'closed' : 'half-open'}`);
  }

  /** Back in touch after an outage of the shared state: an opening the cluster decided meanwhile holds here too. */
  async #rejoin(): Promise<void> {
    const current = await this.#onBus((bus) => bus.current(this.name), undefined);
    if (current?.state === 'open' && current.openUntil > this.clock.now() && this.#snapshot.state !== 'open') {
      this.#apply(current, `rejoined the cluster's state (set by ${current.by})`);
    }
  }

  async #report(): Promise<void> {
    const view = this.view();
    await this.#onBus((bus) => bus.report(view), undefined);
  }

  /** Keeps `work` among the operations under way until it ends (see `settled`). */
  #track<T>(work: Promise<T>): Promise<T> {
    this.#underWay.add(work);
    const ended = () => this.#underWay.delete(work);
    void work.then(ended, ended);
    return work;
  }

  /** One operation on the shared state; when it cannot be reached, `fallback` (and one log line per outage). */
  async #onBus<T>(operation: (bus: BreakerStateBus) => Promise<T>, fallback: T): Promise<T> {
    if (!this.#shared && this.clock.now() < this.#busRetryAt) return fallback;
    try {
      const result = await within(BUS_TIMEOUT_MS, this.#track(operation(this.bus)));
      if (!this.#shared) {
        this.#shared = true;
        this.logger.info(
          { instance: this.instance, breaker: this.name },
          `${this.name} breaker: shared state reachable again`,
        );
        void this.#track(this.#rejoin());
      }
      return result;
    } catch (error) {
      this.#busRetryAt = this.clock.now() + BUS_RETRY_MS;
      if (this.#shared) {
        this.#shared = false;
        this.logger.warn(
          { instance: this.instance, breaker: this.name, err: error },
          `${this.name} breaker: shared state unreachable; this instance judges alone`,
        );
      }
      return fallback;
    }
  }
}

/** `work`'s result, or a rejection once `ms` real milliseconds have passed without one. */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
