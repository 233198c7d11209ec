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
}

/** What one platform brings to an app built once: its services, and the config, clock and logger its hooks read. */
interface Tenant {
  services: Services;
  config: Config;
  clock: TimerClock;
  logger: Logger;
}

/** An app built once, and the platform it serves now (none between scenarios). */
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

/**
 * One app per worker for each scenario's first instance: building a Fastify app (routes, plugins, hooks) costs
 * more than many a scenario's steps. Each scenario still brings fresh services built from its own platform
 * (database view, clock, stores, breaker, config, logger), started and ended as a fresh instance's are; the
 * routes reach them late-bound. The app is built again for a platform whose build-time settings differ, and
 * when a scenario ends with requests unanswered (they keep their own scenario's services, in an app no later
 * scenario uses).
 */
export class SharedApp {
  #built: Built | undefined;

  /** An instance serving `platform` until closed; undefined when the shared app cannot serve it (or is in use). */
  async open(platform: Platform): Promise<Instance | undefined> {
    if (this.#built?.slot.tenant || platform.extraRoutes) return undefined;
    const settings = structuredClone(buildSettings(platform.config));
    if (this.#built && !isDeepStrictEqual(this.#built.settings, settings)) this.#built = undefined;
    const { config, clock, logger } = platform;
    const tenant = { services: createServices(platform), config, clock, logger };
    if (this.#built) {
      const { slot } = this.#built;
      slot.tenant = tenant;
      await startServices(tenant.services).catch((error: unknown) => {
        slot.tenant = undefined;
        throw error;
      });
    } else {
      this.#built = await this.#build(platform, tenant, settings);
    }
    const built = this.#built;
    return { app: built.app, close: () => this.#close(built, tenant) };
  }

  async #build(platform: Platform, tenant: Tenant, settings: unknown): Promise<Built> {
    const slot: Built['slot'] = { tenant };
    const current = () => {
      if (!slot.tenant) throw new Error('the shared app serves no scenario now');
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
      // Freed even when ending failed (the error still fails the scenario), so later scenarios keep the app.
      // A request still unanswered would reach the next scenario's services: it keeps this one, in a retired app.
      if (built.inFlight.size === 0) built.slot.tenant = undefined;
      else if (this.#built === built) this.#built = undefined;
    }
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
