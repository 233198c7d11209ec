import { randomUUID } from 'node:crypto';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/logger.ts';
import { isRedisUnreachable } from '../platform/redis.ts';
import type { AlertPolicyConfig } from './alerts.config.ts';
import { composeMessage, type AlertLine } from './alert-message.ts';
import { InMemoryAlertStore } from './alert.store.memory.ts';
import {
  ALERT_CHANNELS,
  AlertBufferUnreachable,
  type AlertChannel,
  type AlertStore,
  type AppendRule,
  type BufferedAlert,
  type BufferedAlerts,
} from './alert.store.ts';
import { postToSlack } from './slack-poster.ts';

/**
 * Slow-request and server-error alerting for one instance. Requests that end slow or with a 5xx become lines in
 * the shared buffer; every flush interval one instance per channel (the flush-lock holder) sends them to Slack,
 * up to `linesPerMessage` per message and within the channel's per-minute budget. A 429 pauses the channel for
 * its Retry-After; lines are dropped only once Slack accepted them. The error channel has its own lock, budget
 * and webhook, and flushes alongside the slow channel, never behind it.
 *
 * Each channel's buffer is bounded: a server error like one still waiting to be sent (same route and status)
 * raises that alert's count, and an alert beyond the cap is counted as dropped, which the next message reports.
 * When the shared buffer cannot be reached (Redis lost), alerts wait in this instance's memory, under the same
 * bound, and are handed to the shared buffer at the first flush after it is back. (An append that timed out
 * may still have reached Redis: such an alert can be counted twice, never lost.)
 */
export class Alerting {
  /** Names this instance as a flush-lock owner. */
  readonly #instance = randomUUID();
  readonly #recording = new Set<Promise<void>>();
  readonly #flushing = new Set<AlertChannel>();
  /** Alerts the shared buffer could not take, kept until it can. */
  readonly #fallback = new InMemoryAlertStore();
  /** The shared buffer failed and has not answered since: logged once, not at every alert. */
  #bufferLost = false;
  #nextFlushAt: number;

  constructor(
    private readonly store: AlertStore,
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

  /** Graceful shutdown: one last flush; alerts still kept in memory (the buffer is unreachable) are named as lost. */
  async shutDown(): Promise<void> {
    await this.flush();
    for (const channel of ALERT_CHANNELS) {
      const { buffered, dropped } = await this.#fallback.lines(channel);
      const requests = buffered.reduce((sum, alert) => sum + alert.repeats, dropped);
      if (requests > 0)
        this.logger.error(
          { channel, alerts: buffered.length, requests },
          'alerts kept in memory are lost with this instance: the alert buffer could not be reached before it stopped',
        );
    }
  }

  /** The channel's shared buffer as it stands: the alerts waiting, with their counts, and how many were dropped. */
  buffered(channel: AlertChannel): Promise<BufferedAlerts> {
    return this.store.lines(channel);
  }

  /** Alerts waiting in this instance's memory because the shared buffer could not be reached. */
  async keptLocally(channel: AlertChannel): Promise<{ buffered: BufferedAlert[]; dropped: number }> {
    const { buffered, dropped } = await this.#fallback.lines(channel);
    return { buffered, dropped };
  }

  #record(channel: AlertChannel, line: AlertLine): void {
    const alert = { line, repeats: 1 };
    const appending = this.store
      .append(channel, alert, this.#rule(channel, line))
      .then(
        () => this.#reachable(),
        (error: unknown) => {
          this.#failed(error, 'buffering an alert');
          return this.#fallback.append(channel, alert, this.#rule(channel, line));
        },
      )
      .finally(() => this.#recording.delete(appending));
    this.#recording.add(appending);
  }

  /** Server errors of the same route and status are one alert with a count while it waits; slow requests each count. */
  #rule(channel: AlertChannel, line: AlertLine): AppendRule {
    const collapseKey = channel === 'error' ? `${line.method} ${line.route} ${line.status}` : undefined;
    return { collapseKey, maxLines: this.policy.bufferMaxLines };
  }

  /** Moves the alerts kept in memory to the shared buffer, in order; what it could not take stays kept. */
  async #handBack(channel: AlertChannel): Promise<void> {
    const { alerts, dropped } = this.#fallback.drain(channel);
    if (alerts.length === 0 && dropped === 0) return;
    let handed = 0;
    try {
      for (const alert of alerts) {
        await this.store.append(channel, alert, this.#rule(channel, alert.line));
        handed++;
      }
      if (dropped > 0) await this.store.countDropped(channel, dropped);
    } catch (error) {
      this.#fallback.putBack(channel, alerts.slice(handed), dropped);
      throw error;
    }
    this.logger.info(
      { channel, alerts: handed, dropped },
      'alerts kept in memory while the alert buffer was unreachable were handed to it',
    );
  }

  /** A lost buffer is said once per outage; any other failure (a bug, Slack's client throwing) each time, as itself. */
  #failed(error: unknown, doing: string): void {
    if (error instanceof AlertBufferUnreachable || isRedisUnreachable(error)) this.#lost(error);
    else this.logger.error({ err: error }, `alerts: ${doing} failed; the alerts are kept for the next flush`);
  }

  #lost(error: unknown): void {
    if (this.#bufferLost) return;
    this.#bufferLost = true;
    this.logger.error(
      { err: error },
      "the alert buffer cannot be reached; alerts wait in this instance's memory until it is back",
    );
  }

  #reachable(): void {
    if (!this.#bufferLost) return;
    this.#bufferLost = false;
    this.logger.info('the alert buffer is reachable again');
  }

  async #flushChannel(channel: AlertChannel): Promise<void> {
    if (this.#flushing.has(channel)) return; // this instance's previous flush is still talking to Slack
    this.#flushing.add(channel);
    try {
      await this.#handBack(channel);
      const locked = await this.#holdLock(channel);
      this.#reachable();
      if (!locked) return;
      try {
        let more = true;
        // The lock is renewed before each further message, so it outlives a long flush.
        while (more) more = (await this.#sendOneMessage(channel)) && (await this.#holdLock(channel));
      } finally {
        await this.store.releaseFlush(channel, this.#instance);
      }
    } catch (error) {
      this.#failed(error, 'flushing'); // the alerts stay where they are: in the shared buffer, or in memory
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
    const { alerts, dropped } = await store.take(channel, this.#instance, policy.linesPerMessage);
    if (alerts.length === 0 && dropped === 0) return false;
    if ((await store.bookMessage(channel, this.clock.now(), policy.messagesPerMinute)) > 0) {
      await store.settle(channel, this.#instance, 0, 0);
      return false;
    }
    const message = composeMessage(channel, alerts, dropped, policy.maxMessageChars);
    const outcome = await postToSlack(policy.channels[channel].webhookUrl, message.text, policy.slackTimeoutMs);
    if (outcome.accepted) {
      await store.settle(channel, this.#instance, message.included, dropped);
      this.logger.info(
        { channel, lines: message.included, kept: alerts.length - message.included, dropped },
        'alert message sent to Slack',
      );
      return alerts.length > 0;
    }
    await store.settle(channel, this.#instance, 0, 0);
    if (outcome.retryAfterMs) await store.pauseUntil(channel, this.clock.now() + outcome.retryAfterMs);
    this.logger.warn(
      { channel, lines: alerts.length, reason: outcome.reason, retryAfterMs: outcome.retryAfterMs },
      'Slack did not take the alert message; its lines stay buffered',
    );
    return false;
  }
}
