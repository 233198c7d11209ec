import type { FastifyInstance } from 'fastify';
import { slack } from '../../../mocks/vendors.ts';
import type { AlertLine } from '../../../src/alerts/alert-message.ts';
import type { AlertChannel, BufferedAlerts } from '../../../src/alerts/alert.store.ts';
import { buildApp } from '../../../src/platform/app.ts';
import { SECOND } from '../../../src/platform/clock.ts';
import type { PolicyWorld } from '../world.ts';
import { send, type ApiResponse } from './http.ts';

export interface SlackMessage {
  text: string;
  at: number;
}

/**
 * Runs the platform as a cluster of instances sharing one alert buffer (instance 1 is the scenario's app),
 * sends requests across them, moves time while every instance's alert scheduler ticks, and reads what Slack
 * and the buffer hold.
 */
export class AlertsDriver {
  readonly #others: FastifyInstance[] = [];
  /** Every slow request of the scenario, by request id, in the order their alerts were buffered. */
  readonly slowRequestIds: string[] = [];

  constructor(private readonly world: PolicyWorld) {}

  get instances(): FastifyInstance[] {
    return [this.world.app, ...this.#others];
  }

  instance(number: number): FastifyInstance {
    const app = this.instances[number - 1];
    if (!app) throw new Error(`instance ${number} is not running`);
    return app;
  }

  /** Slack's fake knows only the slow channel's webhook by default; the error channel's exists too. */
  registerWebhooks(): void {
    for (const { webhookUrl } of Object.values(this.world.config.alerts.channels)) slack.state.webhooks.add(webhookUrl);
  }

  async runInstances(total: number): Promise<void> {
    while (this.instances.length < total) this.#others.push(await buildApp(this.world.platform()));
  }

  /** Graceful shutdown: the instance flushes what the rate allows and leaves. */
  async shutDown(number: number): Promise<void> {
    const app = this.instance(number);
    if (app === this.world.app) throw new Error('shut down another instance than the first');
    this.#others.splice(this.#others.indexOf(app), 1);
    await app.close();
  }

  /** A crash: the instance leaves the cluster without closing anything (its locks stay behind). Returns it. */
  drop(number: number): FastifyInstance {
    const app = this.instance(number);
    if (app === this.world.app) throw new Error('crash another instance than the first');
    this.#others.splice(this.#others.indexOf(app), 1);
    return app;
  }

  async stopAll(): Promise<void> {
    for (const app of this.#others.splice(0)) await app.close();
  }

  /** `count` requests for a mart's product list, spread over the instances, all under way together. */
  async requestProducts(mart: string, count: number): Promise<ApiResponse[]> {
    const url = `/marts/${this.world.catalog.martId(mart)}/products?sort=price&page=2`;
    const instances = this.instances;
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
      await Promise.all(this.instances.map((app) => app.services.alerts.tick()));
    }
  }

  /**
   * The instance's flush takes lines and posts them; Slack holds the post, and the instance dies before any
   * answer. A crash says no goodbye: the instance is dropped without closing, its lock and in-flight lines left
   * behind. Slack itself is fine for everyone else afterwards.
   */
  async crashMidFlush(number: number): Promise<void> {
    const app = this.instance(number);
    if (app === this.world.app) throw new Error('crash another instance than the first');
    const { server } = this.world.resources.vendors;
    server.use(...slack.faults.slow());
    let reached!: () => void;
    const messagePosted = new Promise<void>((resolve) => (reached = resolve));
    const onRequest = ({ request }: { request: Request }) => {
      if (request.url.startsWith('https://hooks.slack.com/')) reached();
    };
    server.events.on('request:start', onRequest);
    this.world.clock.advance(this.world.config.alerts.flushIntervalMs);
    void app.services.alerts.tick();
    await messagePosted;
    server.events.removeListener('request:start', onRequest);
    this.#others.splice(this.#others.indexOf(app), 1);
    // A dead process's connections die with it: its search breaker stops hearing the cluster.
    await app.services.search.breaker.stopListening();
    server.resetHandlers();
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
    await Promise.all(this.instances.map((app) => app.services.alerts.recorded()));
    return this.world.app.services.alerts.store.lines(channel);
  }
}
