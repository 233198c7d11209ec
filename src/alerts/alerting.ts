import { randomUUID } from 'node:crypto';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/logger.ts';
import type { AlertPolicyConfig } from './alerts.config.ts';
import { composeMessage, type AlertLine } from './alert-message.ts';
import { ALERT_CHANNELS, type AlertChannel, type AlertStore } from './alert.store.ts';
import { postToSlack } from './slack-poster.ts';

/**
 * Slow-request and server-error alerting for one instance. Requests that end slow or with a 5xx become lines in
 * the shared buffer; every flush interval one instance per channel (the flush-lock holder) sends them to Slack,
 * up to `linesPerMessage` per message and within the channel's per-minute budget. A 429 pauses the channel for
 * its Retry-After; lines are dropped only once Slack accepted them. The error channel has its own lock, budget
 * and webhook, and flushes alongside the slow channel, never behind it.
 */
export class Alerting {
  /** Names this instance as a flush-lock owner. */
  readonly #instance = randomUUID();
  readonly #recording = new Set<Promise<void>>();
  readonly #flushing = new Set<AlertChannel>();
  #nextFlushAt: number;

  constructor(
    readonly store: AlertStore,
    private readonly clock: Clock,
    private readonly policy: AlertPolicyConfig,
    private readonly logger: Logger,
  ) {
    this.#nextFlushAt = clock.now() + policy.flushIntervalMs;
  }

  /** Every request ends here: at or over the threshold it is a slow-request alert, a 5xx an error alert. */
  requestEnded(line: AlertLine): void {
    if (line.durationMs >= this.policy.slowRequestMs) this.#record('slow', line);
    if (line.status >= 500) this.#record('error', line);
  }

  /** Resolves once every alert recorded so far is in the buffer. */
  async recorded(): Promise<void> {
    while (this.#recording.size > 0) await Promise.all([...this.#recording]);
  }

  /** Flushes when the interval has passed since the last flush. The server calls it each second; scenarios after moving the clock. */
  async tick(): Promise<void> {
    const now = this.clock.now();
    if (now < this.#nextFlushAt) return;
    this.#nextFlushAt = now + this.policy.flushIntervalMs;
    await this.flush();
  }

  /** Sends what the budgets allow on every channel. Graceful shutdown calls it once; the rest stays buffered. */
  async flush(): Promise<void> {
    await this.recorded();
    await Promise.all(ALERT_CHANNELS.map((channel) => this.#flushChannel(channel)));
  }

  #record(channel: AlertChannel, line: AlertLine): void {
    const appending = this.store
      .append(channel, JSON.stringify(line))
      .catch((error: unknown) => this.logger.error({ err: error, channel, requestId: line.requestId }, 'an alert could not be buffered'))
      .finally(() => this.#recording.delete(appending));
    this.#recording.add(appending);
  }

  async #flushChannel(channel: AlertChannel): Promise<void> {
    if (this.#flushing.has(channel)) return; // this instance's previous flush is still talking to Slack
    this.#flushing.add(channel);
    try {
      if (!(await this.#holdLock(channel))) return;
      try {
        let more = true;
        // The lock is renewed before each further message, so it outlives a long flush.
        while (more) more = (await this.#sendOneMessage(channel)) && (await this.#holdLock(channel));
      } finally {
        await this.store.releaseFlush(channel, this.#instance);
      }
    } catch (error) {
      this.logger.error({ err: error, channel }, 'alert flush failed; its lines stay buffered');
    } finally {
      this.#flushing.delete(channel);
    }
  }

  #holdLock(channel: AlertChannel): Promise<boolean> {
    return this.store.acquireFlush(channel, this.#instance, this.clock.now(), this.policy.flushLockMs);
  }

  /** Takes, books, posts, settles one message; true when Slack accepted it and more may follow. */
  async #sendOneMessage(channel: AlertChannel): Promise<boolean> {
    const { store, policy } = this;
    const taken = await store.take(channel, this.#instance, policy.linesPerMessage);
    if (taken.length === 0) return false;
    if ((await store.bookMessage(channel, this.clock.now(), policy.messagesPerMinute)) > 0) {
      await store.settle(channel, this.#instance, 0);
      return false;
    }
    const message = composeMessage(channel, taken.map((line) => JSON.parse(line) as AlertLine), policy.maxMessageChars);
    const outcome = await postToSlack(policy.channels[channel].webhookUrl, message.text, policy.slackTimeoutMs);
    if (outcome.accepted) {
      await store.settle(channel, this.#instance, message.included);
      this.logger.info({ channel, lines: message.included, kept: taken.length - message.included }, 'alert message sent to Slack');
      return true;
    }
    await store.settle(channel, this.#instance, 0);
    if (outcome.retryAfterMs) await store.pauseUntil(channel, this.clock.now() + outcome.retryAfterMs);
    this.logger.warn(
      { channel, lines: taken.length, reason: outcome.reason, retryAfterMs: outcome.retryAfterMs },
      'Slack did not take the alert message; its lines stay buffered',
    );
    return false;
  }
}
