import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { Redis } from 'ioredis';
import { installAlertDetection } from '../alerts/alert-detection.ts';
import type { AlertStore } from '../alerts/alert.store.ts';
import { InMemoryAlertStore } from '../alerts/alert.store.memory.ts';
import { RedisAlertStore } from '../alerts/alert.store.redis.ts';
import { Alerting } from '../alerts/alerts.service.ts';
import { cartRoutes } from '../cart/cart.routes.ts';
import { CartService } from '../cart/cart.service.ts';
import type { CartStore } from '../cart/cart.store.ts';
import { InMemoryCartStore } from '../cart/cart.store.memory.ts';
import { RedisCartStore } from '../cart/cart.store.redis.ts';
import { catalogRoutes } from '../catalog/catalog.routes.ts';
import { CatalogService } from '../catalog/catalog.service.ts';
import { CatalogStore } from '../catalog/catalog.store.ts';
import { productImportRoutes } from '../catalog/import/import.routes.ts';
import { ProductImportService } from '../catalog/import/import.service.ts';
import { createPreviewTokens } from '../catalog/import/preview-token.ts';
import { paymentRoutes } from '../payment/payment.routes.ts';
import { createPaymentServices, type PaymentServices } from '../payment/payment.wiring.ts';
import { refundRoutes } from '../refund/refund.routes.ts';
import { createRefundServices, type RefundServices } from '../refund/refund.wiring.ts';
import type { BreakerStateBus } from '../search/breaker-bus.ts';
import { searchRoutes } from '../search/search.routes.ts';
import type { SearchService } from '../search/search.service.ts';
import { createSearchService } from '../search/search.wiring.ts';
import { createTokenService, type TokenService } from './auth.ts';
import type { TimerClock } from './clock.ts';
import type { Config } from './config.ts';
import type { Database } from './database.ts';
import { errorShapeOptions, installErrorHandling } from './http-errors.ts';
import { installInputBoundary } from './input-boundary.ts';
import type { Logger } from './logger.ts';

/** What the app is built from. Nothing global: the policy run builds fresh services per scenario, with a fake clock. */
export interface Platform {
  config: Config;
  clock: TimerClock;
  db: Database;
  logger: Logger;
  /** Present when `REDIS_URL` is set; the Redis-backed ports use it, otherwise their in-memory twins. */
  redis?: Redis | undefined;
  /** Namespaces every Redis key this app writes. */
  redisPrefix?: string;
  /** The alert buffer the instances of one cluster share. Default: a Redis list with `redis`, else in memory. */
  alertStore?: AlertStore | undefined;
  /** Where the instances of one cluster share the search breaker. Default: Redis with `redis`, else this instance alone. */
  breakerBus?: BreakerStateBus | undefined;
  /** Names this instance in breaker logs and status. Default: random. */
  instanceId?: string | undefined;
  /** Routes from outside the platform, registered after its own (the demo's stand-ins for vendors' windows). */
  extraRoutes?: FastifyPluginAsync | undefined;
}

export interface Services {
  tokens: TokenService;
  catalog: CatalogService;
  carts: CartService;
  cartStore: CartStore;
  productImports: ProductImportService;
  alerts: Alerting;
  payments: PaymentServices;
  search: SearchService;
  refunds: RefundServices;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

export function createServices(platform: Platform): Services {
  const { config, clock, db, redis } = platform;
  const tokens = createTokenService(config.authSecret, clock);
  const catalog = new CatalogService(new CatalogStore(db));
  const cartStore = redis ? new RedisCartStore(redis, platform.redisPrefix) : new InMemoryCartStore();
  const carts = new CartService(cartStore, catalog, clock, config.cart);
  const previewTokens = createPreviewTokens(config.authSecret, clock, config.productImport.previewTtlMs);
  const productImports = new ProductImportService(db, catalog, previewTokens, config.productImport);
  const alertStore =
    platform.alertStore ?? (redis ? new RedisAlertStore(redis, platform.redisPrefix) : new InMemoryAlertStore());
  const alerts = new Alerting(alertStore, clock, config.alerts, platform.logger);
  const payments = createPaymentServices({
    db,
    clock,
    logger: platform.logger,
    carts,
    gatewayConfig: config.paymentGateway,
  });
  const refunds = createRefundServices({ db, clock, logger: platform.logger, payments, config: config.refund });
  const search = createSearchService({
    db,
    clock,
    logger: platform.logger,
    catalog,
    config: config.search,
    bus: platform.breakerBus,
    redis,
    redisPrefix: platform.redisPrefix,
    instanceId: platform.instanceId,
  });
  return { search, tokens, catalog, carts, cartStore, productImports, alerts, payments, refunds };
}

const displayName = Symbol.for('fastify.display-name');

/**
 * The plugin, named after its function. Fastify names an unnamed plugin by scanning every loaded module for one that
 * exports it, twice per registration: that scan was a third of building an app once a process had loaded the tests.
 */
function named<Plugin extends FastifyPluginAsync<never>>(plugin: Plugin): Plugin {
  (plugin as Plugin & { [displayName]?: string })[displayName] ??= plugin.name;
  return plugin;
}

/**
 * The HTTP app: each domain is a plugin; this composes them. `services` are the platform's by default; an app that
 * serves several platforms one after another (the policy run's, one per scenario) passes services that reach the
 * current one, and starts and ends each platform's services itself (`startServices`, `endServices`).
 */
export async function buildApp(platform: Platform, services = createServices(platform)): Promise<FastifyInstance> {
  // Typed as Fastify's logger so the app keeps Fastify's default instance type.
  const loggerInstance: FastifyBaseLogger = platform.logger;
  const app = Fastify({
    loggerInstance,
    bodyLimit: platform.config.bodyLimitBytes,
    genReqId: () => randomUUID(),
    ...errorShapeOptions,
  });
  app.decorate('services', services);
  await startServices(services);
  app.addHook('onClose', () => endServices(services));
  installErrorHandling(app);
  installInputBoundary(app);
  installAlertDetection(app, services.alerts, platform.clock);
  await app.register(named(catalogRoutes), { catalog: services.catalog });
  await app.register(named(cartRoutes), { carts: services.carts, tokens: services.tokens });
  await app.register(named(productImportRoutes), {
    imports: services.productImports,
    catalog: services.catalog,
    tokens: services.tokens,
    limits: platform.config.productImport,
  });
  await app.register(named(searchRoutes), { search: services.search, tokens: services.tokens });
  await app.register(named(paymentRoutes), { payments: services.payments, tokens: services.tokens });
  await app.register(named(refundRoutes), {
    refunds: services.refunds.refunds,
    orders: services.payments.orders,
    tokens: services.tokens,
    limits: platform.config.refund,
  });
  if (platform.extraRoutes) await app.register(named(platform.extraRoutes));
  await app.ready();
  return app;
}

/** What an instance starts once its services exist: its search breaker joins the cluster's state. */
export async function startServices(services: Services): Promise<void> {
  await services.search.breaker.start();
}

/**
 * A graceful shutdown of an instance's services, which `app.close()` runs (buildApp's onClose hook): the object
 * storage client closes, alerting flushes once more, the breaker hands back its locks and stops listening.
 */
export async function endServices(services: Services): Promise<void> {
  services.refunds.storage.close();
  await services.alerts.shutDown();
  await services.search.breaker.close();
}
