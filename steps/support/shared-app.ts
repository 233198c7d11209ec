import { isDeepStrictEqual } from 'node:util';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  buildApp,
  createServices,
  endServices,
  startServices,
  type Platform,
  type Services,
} from '../../src/platform/app.ts';
import type { TimerClock } from '../../src/platform/clock.ts';
import type { Config } from '../../src/platform/config.ts';
import type { Logger } from '../../src/platform/logger.ts';
import { lateBound } from './late-bound.ts';

/** A running instance of the platform and its graceful shutdown. */
export interface Instance {
  app: FastifyInstance;
  close(): Promise<void>;
  /** A crash: the instance ends without a goodbye, and its app is never given to another instance. */
  abandon(): void;
}

/** What one platform brings to an app built once: its services, and the config, clock and logger its hooks read. */
interface Tenant {
  services: Services;
  config: Config;
  clock: TimerClock;
  logger: Logger;
}

/** An app built once, and the platform it serves now (none while it waits for the next instance). */
interface Built {
  app: FastifyInstance;
  /** The settings the app read while it was built: a platform with others cannot use it. */
  settings: unknown;
  slot: { tenant: Tenant | undefined };
  /** Requests received and not yet answered. */
  inFlight: Set<FastifyRequest>;
}

/** What `buildApp` reads from the config once, while registering routes (body limit, multipart limits). */
const buildSettings = (config: Config) => ({
  bodyLimitBytes: config.bodyLimitBytes,
  productImport: config.productImport,
  refund: config.refund,
});

/** Apps kept for later instances: enough for a scenario's largest cluster and a few other settings. */
const KEPT_APPS = 6;

/**
 * The apps a worker's instances run in: building a Fastify app (routes, plugins, hooks) costs more than many a
 * scenario's steps, so an app, once built, serves one instance after another — each scenario's first, a restarted
 * one, the others of a cluster. Each instance still brings fresh services built from its own platform (database
 * view, clock, stores, breaker, config, logger), started and ended as a freshly built app's are; the routes reach
 * them late-bound. An instance is given a free app built with the same build-time settings, or a new one. An app
 * is retired, never given again, when its instance crashed or ended with requests unanswered (they keep their
 * own instance's services, in an app no later instance uses).
 */
export class SharedApp {
  /** Least recently opened first. */
  #built: Built[] = [];

  /** An instance serving `platform` until closed; undefined when no shared app can serve it (extra routes). */
  async open(platform: Platform): Promise<Instance | undefined> {
    if (platform.extraRoutes) return undefined;
    const settings = structuredClone(buildSettings(platform.config));
    const { config, clock, logger } = platform;
    const tenant = { services: createServices(platform), config, clock, logger };
    const free = this.#built.find((b) => !b.slot.tenant && isDeepStrictEqual(b.settings, settings));
    let built: Built;
    if (free) {
      built = free;
      built.slot.tenant = tenant;
      await startServices(tenant.services).catch((error: unknown) => {
        free.slot.tenant = undefined;
        throw error;
      });
    } else {
      built = await this.#build(platform, tenant, settings);
    }
    this.#built = [...this.#built.filter((b) => b !== built), built];
    const idle = this.#built.filter((b) => !b.slot.tenant);
    if (this.#built.length > KEPT_APPS && idle[0]) this.#retire(idle[0]);
    return { app: built.app, close: () => this.#close(built, tenant), abandon: () => this.#retire(built) };
  }

  async #build(platform: Platform, tenant: Tenant, settings: unknown): Promise<Built> {
    const slot: Built['slot'] = { tenant };
    const current = () => {
      if (!slot.tenant) throw new Error('the shared app serves no instance now');
      return slot.tenant;
    };
    const inFlight = new Set<FastifyRequest>();
    const app = await buildApp(
      {
        ...platform,
        config: lateBound(() => current().config),
        clock: lateBound(() => current().clock),
        logger: lateBound(() => current().logger),
        extraRoutes: countRequests(inFlight),
      },
      lateBound(() => current().services),
    );
    return { app, settings, slot, inFlight };
  }

  async #close(built: Built, tenant: Tenant): Promise<void> {
    try {
      await endServices(tenant.services);
    } finally {
      // Freed even when ending failed (the error still fails the scenario), so later instances keep the app.
      // A request still unanswered would reach the next instance's services: it keeps this one, in a retired app.
      if (built.inFlight.size === 0) built.slot.tenant = undefined;
      else this.#retire(built);
    }
  }

  #retire(built: Built): void {
    this.#built = this.#built.filter((b) => b !== built);
  }
}

/** Root hooks (the plugin is not encapsulated) keeping the requests received and not yet answered. */
function countRequests(inFlight: Set<FastifyRequest>): FastifyPluginAsync {
  const plugin: FastifyPluginAsync = async (app) => {
    app.addHook('onRequest', async (request) => void inFlight.add(request));
    app.addHook('onResponse', async (request) => void inFlight.delete(request));
  };
  return Object.assign(plugin, { [Symbol.for('skip-override')]: true });
}
