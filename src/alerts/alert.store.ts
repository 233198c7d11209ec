import type { AlertLine } from './alert-message.ts';

/** Two streams of alerts, each with its own Slack webhook, rate budget and flush lock. */
export type AlertChannel = 'slow' | 'error';

/** What a store throws when its buffer cannot be reached (the in-memory twin, made unreachable by a scenario). */
export class AlertBufferUnreachable extends Error {
  override name = 'AlertBufferUnreachable';
  constructor() {
    super('the alert buffer cannot be reached');
  }
}
export const ALERT_CHANNELS: readonly AlertChannel[] = ['error', 'slow'];

/** One buffered alert: the first request it reports, and how many identical requests it stands for (×37). */
export interface BufferedAlert {
  line: AlertLine;
  repeats: number;
}

/** A channel's alerts as stored: waiting in the buffer, or taken for a message Slack has not accepted yet. */
export interface BufferedAlerts {
  buffered: BufferedAlert[];
  inFlight: BufferedAlert[];
  /** Alerts refused because the buffer was full, not yet reported to Slack. */
  dropped: number;
}

/** How an alert joins a channel's buffer. */
export interface AppendRule {
  /** Alerts with the same key while one waits in the buffer are that alert, with a count; undefined: never collapsed. */
  collapseKey: string | undefined;
  /** Most alerts the channel holds (buffered and in flight); beyond it an alert is only counted as dropped. */
  maxLines: number;
}

/**
 * Where alert lines wait for Slack, shared by every instance of the platform. Alerts are appended to a bounded
 * buffer (an alert identical to one still waiting there only raises its count; one beyond the cap is counted as
 * dropped); the instance holding a channel's flush lock moves the oldest to an in-flight list, and only after
 * Slack accepts a message are they dropped — otherwise they go back to the head of the buffer, in order. Alerts
 * left in flight by an instance that died go back the next time anyone takes. Nothing is sent twice, and what
 * did not fit is counted until a message reports it.
 *
 * Time is the injected clock's (`now`, epoch ms), passed in so the lock and budget move with it.
 * Implemented in memory (embedded default) and on Redis lists; the same policies prove both.
 */
export interface AlertStore {
  append(channel: AlertChannel, alert: BufferedAlert, rule: AppendRule): Promise<void>;
  /** Adds to the channel's count of dropped alerts (ones another buffer could not keep). */
  countDropped(channel: AlertChannel, count: number): Promise<void>;
  /** Takes the flush lock (or renews it when `owner` holds it) until `now + ttlMs`; false when another holds it. */
  acquireFlush(channel: AlertChannel, owner: string, now: number, ttlMs: number): Promise<boolean>;
  releaseFlush(channel: AlertChannel, owner: string): Promise<void>;
  /**
   * Returns orphaned in-flight alerts to the buffer, then moves up to `max` of the oldest into flight; also
   * tells how many were dropped so far. Lock holder only (others get nothing).
   */
  take(channel: AlertChannel, owner: string, max: number): Promise<{ alerts: BufferedAlert[]; dropped: number }>;
  /**
   * Drops the first `accepted` in-flight alerts and takes `reportedDropped` off the dropped count (both were in
   * a message Slack accepted; 0 and 0 otherwise), and returns the rest to the buffer's head. Lock holder only.
   */
  settle(channel: AlertChannel, owner: string, accepted: number, reportedDropped: number): Promise<void>;
  /**
   * Books one message in the channel's sliding-minute budget. Returns 0 when booked, else the epoch ms
   * before which nothing may be sent (the budget is spent, or Slack asked to wait).
   */
  bookMessage(channel: AlertChannel, now: number, perMinute: number): Promise<number>;
  /** Slack answered 429: nobody sends on this channel before `until`. */
  pauseUntil(channel: AlertChannel, until: number): Promise<void>;
  lines(channel: AlertChannel): Promise<BufferedAlerts>;
}
