import { MINUTE } from '../platform/clock.ts';
import {
  AlertBufferUnreachable,
  type AlertChannel,
  type AlertStore,
  type AppendRule,
  type BufferedAlert,
  type BufferedAlerts,
} from './alert.store.ts';

interface Kept extends BufferedAlert {
  collapseKey: string | undefined;
}

interface ChannelState {
  buffered: Kept[];
  /** The buffered alert that takes the repeats of each collapse key. */
  open: Map<string, Kept>;
  inFlight: Kept[];
  dropped: number;
  lock: { owner: string; expiresAt: number } | undefined;
  sentAt: number[];
  pausedUntil: number;
}

/** The embedded default: every operation runs synchronously, so each is atomic by construction. */
export class InMemoryAlertStore implements AlertStore {
  readonly #channels = new Map<AlertChannel, ChannelState>();
  /** The twin's stand-in for a lost Redis: while true, every operation fails as a command to it would. */
  unreachable = false;

  async append(channel: AlertChannel, alert: BufferedAlert, { collapseKey, maxLines }: AppendRule) {
    const state = this.#state(channel);
    const open = collapseKey === undefined ? undefined : state.open.get(collapseKey);
    if (open) open.repeats += alert.repeats;
    else if (state.buffered.length + state.inFlight.length >= maxLines) state.dropped += alert.repeats;
    else {
      const kept = { ...alert, collapseKey };
      state.buffered.push(kept);
      if (collapseKey !== undefined) state.open.set(collapseKey, kept);
    }
  }

  async countDropped(channel: AlertChannel, count: number) {
    this.#state(channel).dropped += count;
  }

  async acquireFlush(channel: AlertChannel, owner: string, now: number, ttlMs: number) {
    const state = this.#state(channel);
    if (state.lock && state.lock.owner !== owner && state.lock.expiresAt > now) return false;
    state.lock = { owner, expiresAt: now + ttlMs };
    return true;
  }

  async releaseFlush(channel: AlertChannel, owner: string) {
    const state = this.#state(channel);
    if (state.lock?.owner === owner) state.lock = undefined;
  }

  async take(channel: AlertChannel, owner: string, max: number) {
    const state = this.#state(channel);
    if (state.lock?.owner !== owner) return { alerts: [], dropped: 0 };
    state.buffered.unshift(...state.inFlight.splice(0));
    state.inFlight.push(...state.buffered.splice(0, max));
    for (const alert of state.inFlight)
      if (alert.collapseKey !== undefined && state.open.get(alert.collapseKey) === alert)
        state.open.delete(alert.collapseKey);
    return { alerts: state.inFlight.map(plain), dropped: state.dropped };
  }

  async settle(channel: AlertChannel, owner: string, accepted: number, reportedDropped: number) {
    const state = this.#state(channel);
    if (state.lock?.owner !== owner) return;
    state.inFlight.splice(0, accepted);
    state.dropped -= reportedDropped;
    state.buffered.unshift(...state.inFlight.splice(0));
  }

  async bookMessage(channel: AlertChannel, now: number, perMinute: number) {
    const state = this.#state(channel);
    if (state.pausedUntil > now) return state.pausedUntil;
    state.sentAt = state.sentAt.filter((at) => at > now - MINUTE);
    const oldest = state.sentAt[0];
    if (oldest !== undefined && state.sentAt.length >= perMinute) return oldest + MINUTE;
    state.sentAt.push(now);
    return 0;
  }

  async pauseUntil(channel: AlertChannel, until: number) {
    const state = this.#state(channel);
    state.pausedUntil = Math.max(state.pausedUntil, until);
  }

  /** Empties the channel's buffer and dropped count, handing them over (the fallback's alerts to the shared buffer). */
  drain(channel: AlertChannel): { alerts: BufferedAlert[]; dropped: number } {
    const state = this.#state(channel);
    const drained = { alerts: state.buffered.splice(0).map(plain), dropped: state.dropped };
    state.dropped = 0;
    state.open.clear();
    return drained;
  }

  /** Puts drained alerts back at the head (handing them over failed half-way). */
  putBack(channel: AlertChannel, alerts: BufferedAlert[], dropped: number): void {
    const state = this.#state(channel);
    state.buffered.unshift(...alerts.map((alert) => ({ ...alert, collapseKey: undefined })));
    state.dropped += dropped;
  }

  async lines(channel: AlertChannel): Promise<BufferedAlerts> {
    const { buffered, inFlight, dropped } = this.#state(channel);
    return { buffered: buffered.map(plain), inFlight: inFlight.map(plain), dropped };
  }

  #state(channel: AlertChannel): ChannelState {
    if (this.unreachable) throw new AlertBufferUnreachable();
    let state = this.#channels.get(channel);
    if (!state) {
      state = { buffered: [], open: new Map(), inFlight: [], dropped: 0, lock: undefined, sentAt: [], pausedUntil: 0 };
      this.#channels.set(channel, state);
    }
    return state;
  }
}

const plain = ({ line, repeats }: Kept): BufferedAlert => ({ line, repeats });
