import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CatalogService } from '../catalog/catalog.service.ts';
import type { TimerClock } from '../platform/clock.ts';
import type { Queryable } from '../platform/database.ts';
import type { Logger } from '../platform/logger.ts';
import type { SearchVendorConfig } from './search.config.ts';
import { AiSearchClient } from './ai-search.client.ts';
import { InProcessBreakerHub, type BreakerStateBus } from './breaker-bus.ts';
import { RedisBreakerBus } from './breaker-bus.redis.ts';
import { SearchService } from './search.service.ts';
import { SearchStore } from './search.store.ts';
import { SharedBreaker } from './shared-breaker.ts';

export interface SearchDependencies {
  db: Queryable;
  clock: TimerClock;
  logger: Logger;
  catalog: CatalogService;
  config: SearchVendorConfig;
  /** Where the instances share the breaker. Default: Redis with `redis`, else this instance alone. */
  bus?: BreakerStateBus | undefined;
  redis?: Redis | undefined;
  redisPrefix?: string | undefined;
  /** Names this instance in logs and the breaker status list. */
  instanceId?: string | undefined;
}

/** Search wired up: start its breaker (`search.breaker.start()`) before serving. */
export function createSearchService(deps: SearchDependencies): SearchService {
  const { redis, config } = deps;
  const bus = deps.bus ?? (redis ? new RedisBreakerBus(redis, deps.redisPrefix) : new InProcessBreakerHub().connect());
  const instance = deps.instanceId ?? `instance-${randomUUID().slice(0, 8)}`;
  const breaker = new SharedBreaker('ai-search', instance, config.breaker, deps.clock, bus, deps.logger);
  return new SearchService(
    deps.catalog,
    new SearchStore(deps.db),
    new AiSearchClient(config, deps.clock),
    breaker,
    config.resultLimit,
    deps.logger,
  );
}
