import { slack } from '../../../mocks/vendors.ts';
import type { AlertLine } from '../../../src/alerts/alert-message.ts';
import type { AlertChannel, BufferedAlerts } from '../../../src/alerts/alert.store.ts';
import { SECOND } from '../../../src/platform/clock.ts';
import type { PolicyWorld } from '../world.ts';
import { send, type ApiResponse } from './http.ts';

export interface SlackMessage {
  text: string;
  at: number;
}

/**
 * Alerting across the scenario's instances (they share one alert buffer): sends requests across them, moves
 * time while every instance's alert scheduler ticks, fails and restores Slack, and reads what Slack and the
 * buffer hold.
 */
export class AlertsDriver {
  /** Every slow request of the scenario, by request id, in the order their alerts were buffered. */
  readonly slowRequestIds: string[] = [];

  constructor(private readonly world: PolicyWorld) {}

  /** Slack's fake knows only the slow channel's webhook by default; the error channel's exists too. */
  registerWebhooks(): void {
    for (const { webhookUrl } of Object.values(this.world.config.alerts.channels)) slack.state.webhooks.add(webhookUrl);
  }

  /** Slack is down (503), or cannot be reached at all. */
  slackFails(trouble: 'down' | 'networkError'): void {
    this.world.vendors.faults.fail(slack, trouble);
  }

  /** Slack answers every message 429 with Retry-After. */
  slackRateLimits(retryAfterSeconds: number): void {
    this.world.vendors.faults.fail(slack, 'rateLimited', { retryAfterSeconds });
  }

  /** Slack accepts messages again; other vendors' faults stay. */
  slackIsBack(): void {
    this.world.vendors.faults.restore(slack);
  }

  /** `count` requests for a mart's product list, spread over the instances, all under way together. */
  async requestProducts(mart: string, count: number): Promise<ApiResponse[]> {
    const url = `/marts/${this.world.catalog.martId(mart)}/products?sort=price&page=2`;
    const instances = this.world.instances.all;
    const answers = Promise.all(
      Array.from({ length: count }, (_, i) => send(instances[i % instances.length]!, 'GET', url)),
    );
    await this.world.slowListing.finish(count, this.world.clock);
    const done = await answers;
    await Promise.all(instances.map((app) => app.services.alerts.recorded()));
    const known = new Set(this.slowRequestIds);
    for (const line of (await this.buffered('slow')).buffered)
      if (!known.has(line.requestId)) this.slowRequestIds.push(line.requestId);
    return done;
  }

  /** Moves the clock a second at a time; after each, every instance's scheduler ticks (all at once). */
  async passTime(ms: number): Promise<void> {
    for (let passed = 0; passed < ms; passed += SECOND) {
      this.world.clock.advance(SECOND);
      await Promise.all(this.world.instances.all.map((app) => app.services.alerts.tick()));
    }
  }

  /**
   * The instance's flush takes lines and posts them; Slack holds the post, and the instance dies before any
   * answer: its lock and in-flight lines stay behind. Slack itself is fine for everyone else afterwards.
   */
  async crashMidFlush(number: number): Promise<void> {
    const app = this.world.instances.get(number);
    this.world.vendors.faults.fail(slack, 'slow');
    const posted = this.world.vendors.ledger.nextCall(slack.name);
    this.world.clock.advance(this.world.config.alerts.flushIntervalMs);
    void app.services.alerts.tick();
    await posted;
    await this.world.instances.crash(number);
    this.world.vendors.faults.restore(slack);
  }

  messages(channel: AlertChannel): SlackMessage[] {
    const webhook = this.world.config.alerts.channels[channel].webhookUrl;
    return slack.state.messages.filter((m) => m.webhook === webhook).map((m) => ({ text: m.text ?? '', at: m.at }));
  }

  /** The request ids the channel's messages reported, in order, once per mention. */
  reportedRequests(channel: AlertChannel): string[] {
    return this.messages(channel).flatMap((m) =>
      [...m.text.matchAll(/request ([0-9a-f-]{36})/g)].map((match) => match[1]!),
    );
  }

  async buffered(channel: AlertChannel): Promise<{ buffered: AlertLine[]; inFlight: AlertLine[] }> {
    const { buffered, inFlight } = await this.stored(channel);
    return { buffered: buffered.map((alert) => alert.line), inFlight: inFlight.map((alert) => alert.line) };
  }

  /** The channel's shared buffer as stored, once every alert raised so far is in: alerts with their counts, and how many were dropped. */
  async stored(channel: AlertChannel): Promise<BufferedAlerts> {
    await Promise.all(this.world.instances.all.map((app) => app.services.alerts.recorded()));
    return this.world.app.services.alerts.buffered(channel);
  }
}
