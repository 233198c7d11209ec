import type { FastifyInstance } from 'fastify';
import { buildApp, type Platform } from '../../src/platform/app.ts';
import type { Instance, SharedApp } from './shared-app.ts';

/**
 * The scenario's running platform: one instance, or several sharing the scenario's database, alert buffer and
 * breaker state. Instance 1 is the scenario's app; more join with `run`. The World owns it and closes it after
 * the scenario; every driver that needs an instance asks it. Every instance runs in one of the worker's shared
 * apps (fresh services in an app built once, see SharedApp), or in a freshly built app when there are none.
 */
export class PlatformInstances {
  /** The running instances by number; a number leaves with its instance and is never given again. */
  readonly #running = new Map<number, Instance>();
  #started = 0;

  /**
   * @param recipe what an instance is built from, read at each start (settings may have changed since).
   * @param shared the worker's shared apps, if any, asked for each instance.
   */
  constructor(
    private readonly recipe: () => Platform,
    private readonly shared: () => SharedApp | undefined,
  ) {}

  /** The running instances, by number, lowest first. */
  get all(): readonly FastifyInstance[] {
    return [...this.#running.entries()].sort(([a], [b]) => a - b).map(([, instance]) => instance.app);
  }

  get first(): FastifyInstance {
    const instance = this.#running.get(1);
    if (!instance) throw new Error('the app starts in the Before hook');
    return instance.app;
  }

  /** Instance `number`, counting from 1 in the order they started. */
  get(number: number): FastifyInstance {
    const instance = this.#running.get(number);
    if (!instance) throw new Error(`instance ${number} is not running`);
    return instance.app;
  }

  /** The number of a running instance. */
  numberOf(app: FastifyInstance): number {
    const found = [...this.#running].find(([, running]) => running.app === app);
    if (!found) throw new Error('that instance is not running');
    return found[0];
  }

  /** Instance 1 stops gracefully and starts again with the current settings; other instances keep running. */
  async restart(): Promise<void> {
    await this.#running.get(1)?.close();
    this.#running.set(1, await this.#start(this.recipe()));
    this.#started = Math.max(this.#started, 1);
  }

  /** Starts instances until `total` run. */
  async run(total: number): Promise<void> {
    while (this.#running.size < total) this.#running.set(++this.#started, await this.#start(this.recipe()));
  }

  /** Starts one more instance from `platform` (the World's recipe, changed) and returns it; it runs until stopped. */
  async runAnother(platform: Platform): Promise<FastifyInstance> {
    const instance = await this.#start(platform);
    this.#running.set(++this.#started, instance);
    return instance.app;
  }

  /** A graceful shutdown: the instance says goodbye (a last flush of alerts, its locks handed back) and leaves. */
  async shutDown(number: number): Promise<void> {
    await this.#leave(number).close();
  }

  /**
   * A crash: the instance leaves without a goodbye — no last flush, its locks and in-flight alerts stay behind —
   * and what a dead process held goes with it: its Redis subscription (its breaker stops hearing the cluster) and
   * its object storage client. It owns no database connection and no timer (the scenario's database is shared,
   * its alert scheduler is ticked by the scenario). Its Fastify app never listened, so no socket is left; closing
   * it would run the goodbye a crash never says.
   */
  async crash(number: number): Promise<void> {
    const instance = this.#leave(number);
    instance.abandon();
    const { app } = instance;
    await app.services.search.breaker.stopListening();
    app.services.refunds.storage.close();
  }

  /** Every instance shuts down gracefully, the last started first. */
  async stopAll(): Promise<void> {
    const byNumber = [...this.#running].sort(([a], [b]) => b - a);
    for (const [, instance] of byNumber) await instance.close();
    this.#running.clear();
  }

  async #start(platform: Platform): Promise<Instance> {
    return (await this.shared()?.open(platform)) ?? (await fresh(platform));
  }

  #leave(number: number): Instance {
    const instance = this.#running.get(number);
    if (!instance) throw new Error(`instance ${number} is not running`);
    if (number === 1) throw new Error("instance 1 is the scenario's app: stop another one");
    this.#running.delete(number);
    return instance;
  }
}

async function fresh(platform: Platform): Promise<Instance> {
  const app = await buildApp(platform);
  return { app, close: () => app.close(), abandon: () => undefined };
}
