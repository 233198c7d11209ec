import { setWorldConstructor, World, type IWorldOptions } from '@cucumber/cucumber';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/platform/app.ts';
import { FakeClock } from '../../src/platform/clock.ts';
import { loadConfig, type Config } from '../../src/platform/config.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { Actors } from './drivers/actors.ts';
import { CartApi } from './drivers/cart-api.ts';
import { CatalogDriver } from './drivers/catalog.ts';
import type { ApiResponse } from './drivers/http.ts';
import { ImportApi } from './drivers/import-api.ts';
import { LogCapture } from './log-capture.ts';
import { StatementCounter } from './statement-counter.ts';
import { workerResources } from './worker.ts';

let scenarioCount = 0;

/**
 * Per-scenario state: a fresh app on a fake clock, the people in the scenario, and the drivers that steps
 * call. Nothing here speaks HTTP or SQL itself; the drivers do.
 */
export class PolicyWorld extends World {
  readonly clock = new FakeClock();
  readonly logs = new LogCapture();
  readonly resources = workerResources();
  readonly redisPrefix = `martbook-test:${this.resources.runId}:${++scenarioCount}:`;
  config: Config = loadConfig({ AUTH_SECRET: 'scenario-secret-that-is-long-enough-32' });
  #app: FastifyInstance | undefined;

  readonly actors = new Actors(this);
  readonly catalog = new CatalogDriver(this);
  readonly carts = new CartApi(this);
  readonly imports = new ImportApi(this);
  readonly statements = new StatementCounter();
  /** Undo steps for faults a scenario injected, run after it. */
  readonly cleanups: (() => Promise<void>)[] = [];
  /** The answer to the last request a When step sent, for Then steps about refusals. */
  lastResponse: ApiResponse | undefined;

  constructor(options: IWorldOptions) {
    super(options);
  }

  get app(): FastifyInstance {
    if (!this.#app) throw new Error('the app starts in the Before hook');
    return this.#app;
  }

  async start(): Promise<void> {
    await this.#app?.close();
    const { db, redis } = this.resources;
    const logger = createLogger('info', this.logs);
    this.#app = await buildApp({
      config: this.config,
      clock: this.clock,
      db: this.statements.wrap(db),
      redis,
      logger,
      redisPrefix: this.redisPrefix,
    });
  }

  /** Changes a setting the way an operator would, and restarts the app with it. */
  async reconfigure(change: (config: Config) => Config): Promise<void> {
    this.config = change(this.config);
    await this.start();
  }

  async stop(): Promise<void> {
    await this.#app?.close();
    this.#app = undefined;
  }
}

setWorldConstructor(PolicyWorld);
