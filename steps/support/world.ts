import { setWorldConstructor, World, type IWorldOptions } from '@cucumber/cucumber';
import type { FastifyInstance } from 'fastify';
import type { MockVendors } from '../../mocks/server.ts';
import { InMemoryAlertStore } from '../../src/alerts/alert.store.memory.ts';
import type { Platform } from '../../src/platform/app.ts';
import { FakeClock } from '../../src/platform/clock.ts';
import { InProcessBreakerHub, type BreakerStateBus } from '../../src/search/breaker-bus.ts';
import { loadConfig, type Config } from '../../src/platform/config.ts';
import { Actors } from './drivers/actors.ts';
import { AlertsDriver } from './drivers/alerts.ts';
import { CartApi } from './drivers/cart-api.ts';
import { CatalogDriver } from './drivers/catalog.ts';
import { sent, type ApiResponse } from './drivers/http.ts';
import { ImportApi } from './drivers/import-api.ts';
import { PaymentApi } from './drivers/payment-api.ts';
import { PaymentGateway } from './drivers/payment-gateway.ts';
import { ObjectStorageDriver } from './drivers/object-storage.ts';
import { RefundApi } from './drivers/refund-api.ts';
import { SearchDriver } from './drivers/search.ts';
import { StorageOutage } from './drivers/storage-outage.ts';
import { LogCapture } from './log-capture.ts';
import { PlatformInstances } from './platform.ts';
import { scenarioLogger } from './scenario-logger.ts';
import { SlowProductListing } from './slow-listing.ts';
import { StatementCounter } from './statement-counter.ts';
import { workerResources, type WorkerResources } from './worker.ts';

let scenarioCount = 0;

/**
 * Per-scenario state: the running platform (one instance or several) on a fake clock, the people in the
 * scenario, and the drivers that steps call. Nothing here speaks HTTP or SQL itself; the drivers do.
 */
export class PolicyWorld extends World {
  readonly clock = new FakeClock();
  readonly logs = new LogCapture();
  readonly #scenario = ++scenarioCount;
  // Read when used, not on construction: a dry run (`cucumber-js --dry-run`) builds worlds without BeforeAll.
  get resources(): WorkerResources {
    return workerResources();
  }
  /** The mocked vendors: their ledger of the scenario's calls and the fault modes in place. */
  get vendors(): MockVendors {
    return this.resources.vendors;
  }
  get redisPrefix(): string {
    return `martbook-test:${this.resources.runId}:${this.#scenario}:`;
  }
  config: Config = loadConfig({
    AUTH_SECRET: 'scenario-secret-that-is-long-enough-32',
    // Retries back off by 0 ms: scenarios count the tries, they never wait for them.
    PORTONE_RETRY_INITIAL_DELAY_MS: '0',
    PORTONE_RETRY_MAX_DELAY_MS: '0',
    // Vendor time limits are production's: they run on the scenario's clock, so a hanging vendor costs no real time.
  });
  /** The scenario's running platform: instance 1 is `app`; drivers start, stop and crash the others there. */
  readonly instances = new PlatformInstances(
    () => this.platform(),
    () => this.resources.sharedApp,
  );

  readonly actors = new Actors(this);
  readonly catalog = new CatalogDriver(this);
  readonly carts = new CartApi(this);
  readonly imports = new ImportApi(this);
  readonly payments = new PaymentApi(this);
  readonly gateway = new PaymentGateway(this);
  readonly refunds = new RefundApi(this);
  readonly storage = new ObjectStorageDriver(this);
  readonly statements = new StatementCounter();
  readonly slowListing = new SlowProductListing();
  readonly alerts = new AlertsDriver(this);
  readonly search = new SearchDriver(this);
  readonly outage = new StorageOutage(this);
  /** The alert buffer the scenario's instances share when there is no Redis (a fault can make it unreachable). */
  readonly alertStore = new InMemoryAlertStore();
  /** The search breakers' shared state when there is no Redis. */
  readonly #breakerHub = new InProcessBreakerHub();
  /** Set by a scenario to give new instances another shared breaker state (e.g. an unreachable one). */
  breakerBus: (() => BreakerStateBus) | undefined;
  /** Undo steps for faults a scenario injected, run after it. */
  readonly cleanups: (() => Promise<void>)[] = [];
  /** The answer to the last request a When step sent, for Then steps about refusals. */
  lastResponse: ApiResponse | undefined;

  constructor(options: IWorldOptions) {
    super(options);
  }

  get app(): FastifyInstance {
    return this.instances.first;
  }

  /** Starts the scenario's app, or restarts it (other instances keep running). */
  async start(): Promise<void> {
    this.alerts.registerWebhooks();
    await this.instances.restart();
  }

  /** What an instance of the platform is built from; every instance in a scenario shares it. */
  platform(): Platform {
    // A scenario that loses Redis gives the app a connection of its own (see StorageOutage).
    const redis = this.outage.redis ?? this.resources.redis;
    return {
      config: this.config,
      clock: this.clock,
      db: this.slowListing.wrap(this.statements.wrap(this.outage.db)), // the worker's, until a scenario silences it
      redis,
      logger: scenarioLogger(), // writes to this.logs while the scenario runs
      redisPrefix: this.redisPrefix,
      alertStore: redis ? undefined : this.alertStore,
      breakerBus: this.breakerBus?.() ?? (redis ? undefined : this.#breakerHub.connect()),
    };
  }

  /** Changes a setting the way an operator would, and restarts the app with it. */
  async reconfigure(change: (config: Config) => Config): Promise<void> {
    this.config = change(this.config);
    await this.start();
  }

  async stop(): Promise<void> {
    await this.instances.stopAll();
  }

  /**
   * What a later step could observe of the scenario: the clock, the database's write position, the vendor calls,
   * the log and the requests sent that may change the service. The sentence audit tries a changed check beside the
   * scenario's other checks only when it changed none of this (scripts/sentence-audit/run.ts).
   */
  async observableState(): Promise<unknown> {
    const [position] = await this.resources.db.query<{ lsn: string }>(
      'SELECT pg_current_wal_insert_lsn()::text AS lsn',
    );
    return {
      now: this.clock.now(),
      database: position?.lsn,
      vendorCalls: this.vendors.ledger.size,
      logLines: this.logs.raw.length,
      changingRequests: sent.changing,
    };
  }
}

setWorldConstructor(PolicyWorld);
