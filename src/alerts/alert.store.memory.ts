import { MINUTE } from '../platform/clock.ts';
import type { AlertChannel, AlertStore, BufferedLines } from './alert.store.ts';

interface ChannelState extends BufferedLines {
  lock: { owner: string; expiresAt: number } | undefined;
  sentAt: number[];
  pausedUntil: number;
}

/** The embedded default: every operation runs synchronously, so each is atomic by construction. */
export class InMemoryAlertStore implements AlertStore {
  readonly #channels = new Map<AlertChannel, ChannelState>();

  async append(channel: AlertChannel, line: string) {
    this.#state(channel).buffered.push(line);
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
    if (state.lock?.owner !== owner) return [];
    state.buffered.unshift(...state.inFlight.splice(0));
    state.inFlight.push(...state.buffered.splice(0, max));
    return [...state.inFlight];
  }

  async settle(channel: AlertChannel, owner: string, accepted: number) {
    const state = this.#state(channel);
    if (state.lock?.owner !== owner) return;
    state.inFlight.splice(0, accepted);
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

  async lines(channel: AlertChannel) {
    const { buffered, inFlight } = this.#state(channel);
    return { buffered: [...buffered], inFlight: [...inFlight] };
  }

  #state(channel: AlertChannel): ChannelState {
    let state = this.#channels.get(channel);
    if (!state) {
      state = { buffered: [], inFlight: [], lock: undefined, sentAt: [], pausedUntil: 0 };
      this.#channels.set(channel, state);
    }
    return state;
  }
}
