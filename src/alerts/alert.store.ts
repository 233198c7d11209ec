/** Two streams of alerts, each with its own Slack webhook, rate budget and flush lock. */
export type AlertChannel = 'slow' | 'error';
export const ALERT_CHANNELS: readonly AlertChannel[] = ['error', 'slow'];

/** A channel's lines as stored: waiting in the buffer, or taken for a message Slack has not accepted yet. */
export interface BufferedLines {
  buffered: string[];
  inFlight: string[];
}

/**
 * Where alert lines wait for Slack, shared by every instance of the platform. Lines are appended to a buffer;
 * the instance holding a channel's flush lock moves the oldest to an in-flight list, and only after Slack
 * accepts a message are they dropped — otherwise they go back to the head of the buffer, in order. Lines left
 * in flight by an instance that died go back the next time anyone takes. Nothing is lost, nothing sent twice.
 *
 * Time is the injected clock's (`now`, epoch ms), passed in so the lock and budget move with it.
 * Implemented in memory (embedded default) and on Redis lists; the same policies prove both.
 */
export interface AlertStore {
  append(channel: AlertChannel, line: string): Promise<void>;
  /** Takes the flush lock (or renews it when `owner` holds it) until `now + ttlMs`; false when another holds it. */
  acquireFlush(channel: AlertChannel, owner: string, now: number, ttlMs: number): Promise<boolean>;
  releaseFlush(channel: AlertChannel, owner: string): Promise<void>;
  /** Returns orphaned in-flight lines to the buffer, then moves up to `max` of the oldest into flight. Lock holder only. */
  take(channel: AlertChannel, owner: string, max: number): Promise<string[]>;
  /** Drops the first `accepted` in-flight lines and returns the rest to the buffer's head. Lock holder only. */
  settle(channel: AlertChannel, owner: string, accepted: number): Promise<void>;
  /**
   * Books one message in the channel's sliding-minute budget. Returns 0 when booked, else the epoch ms
   * before which nothing may be sent (the budget is spent, or Slack asked to wait).
   */
  bookMessage(channel: AlertChannel, now: number, perMinute: number): Promise<number>;
  /** Slack answered 429: nobody sends on this channel before `until`. */
  pauseUntil(channel: AlertChannel, until: number): Promise<void>;
  lines(channel: AlertChannel): Promise<BufferedLines>;
}
