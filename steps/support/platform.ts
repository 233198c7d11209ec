import type { FastifyInstance } from 'fastify';
import { buildApp, type Platform } from '../../src/platform/app.ts';

/**
 * The scenario's running platform: one instance, or several sharing the scenario's database, alert buffer and
 * breaker state. Instance 1 is the scenario's app; more join with `run`. The World owns it and closes it after
 * the scenario; every driver that needs an instance asks it.
 */
export class PlatformInstances {
  /** The running instances by number; a number leaves with its instance and is never given again. */
  readonly #running = new Map<number, FastifyInstance>();
  #started = 0;

  /** @param recipe what an instance is built from, read at each start (settings may have changed since). */
  constructor(private readonly recipe: () => Platform) {}

  /** The running instances, by number, lowest first. */
  get all(): readonly FastifyInstance[] {
    return [...this.#running.entries()].sort(([a], [b]) => a - b).map(([, app]) => app);
  }

  get first(): FastifyInstance {
    const app = this.#running.get(1);
    if (!app) throw new Error('the app starts in the Before hook');
    return app;
  }

  /** Instance `number`, counting from 1 in the order they started. */
  get(number: number): FastifyInstance {
    const app = this.#running.get(number);
    if (!app) throw new Error(`instance ${number} is not running`);
    return app;
  }

  /** The number of a running instance. */
  numberOf(app: FastifyInstance): number {
    const found = [...this.#running].find(([, running]) => running === app);
    if (!found) throw new Error('that instance is not running');
    return found[0];
  }

  /** Instance 1 stops gracefully and starts again with the current settings; other instances keep running. */
  async restart(): Promise<void> {
    await this.#running.get(1)?.close();
    this.#running.set(1, await buildApp(this.recipe()));
    this.#started = Math.max(this.#started, 1);
  }

  /** Starts instances until `total` run. */
  async run(total: number): Promise<void> {
    while (this.#running.size < total) this.#running.set(++this.#started, await buildApp(this.recipe()));
  }

  /** Starts one more instance from `platform` (the World's recipe, changed) and returns it; it runs until stopped. */
  async runAnother(platform: Platform): Promise<FastifyInstance> {
    const app = await buildApp(platform);
    this.#running.set(++this.#started, app);
    return app;
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
    const app = this.#leave(number);
    await app.services.search.breaker.stopListening();
    app.services.refunds.storage.close();
  }

  /** Every instance shuts down gracefully, the last started first. */
  async stopAll(): Promise<void> {
    for (const app of this.all.toReversed()) await app.close();
    this.#running.clear();
  }

  #leave(number: number): FastifyInstance {
    const app = this.get(number);
    if (number === 1) throw new Error("instance 1 is the scenario's app: stop another one");
    this.#running.delete(number);
    return app;
  }
}
