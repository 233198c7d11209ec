import { Redis } from 'ioredis';
import { aiSearch } from '../../../mocks/vendors.ts';
import type { BreakerState } from '../../../src/search/breaker.ts';
import type { InstanceBreakerView } from '../../../src/search/breaker-bus.ts';
import { closeRedis } from '../../../src/platform/redis.ts';
import { RedisBreakerBus } from '../../../src/search/breaker-bus.redis.ts';
import type { SearchAnswer } from '../../../src/search/search.service.ts';
import type { PolicyWorld } from '../world.ts';
import { passTimeWhileHanging } from './hanging-vendor.ts';
import type { BearerToken } from '../../../src/platform/auth.ts';
import { expectOk, send, type ApiResponse } from './http.ts';

export type AiSearchFault = 'down' | 'slow' | 'networkError' | 'malformedBody';

/** One search of the scenario: the instance asked and its answer. */
export interface SearchRecord {
  instance: number;
  response: ApiResponse<SearchAnswer>;
}

/** What one running instance answered in the scenario, as the policies count it. */
export interface InstanceAnswers {
  instance: number;
  fromCatalog: number;
  fromAi: number;
  vendorCalls: number;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Customers searching across the scenario's instances (instance 1 is the scenario's app), the AI search
 * vendor's behaviour, and what each instance's breaker says.
 */
export class SearchDriver {
  lastAnswer: SearchAnswer | undefined;
  /** Every search of the scenario, in the order answered. */
  readonly answers: SearchRecord[] = [];

  #stopHanging: (() => void) | undefined;

  constructor(private readonly world: PolicyWorld) {}

  /** The vendor no longer hangs: calls stop moving the clock. */
  #answers(): void {
    this.#stopHanging?.();
    this.#stopHanging = undefined;
  }

  /** The vendor indexes every product the mart has in the catalog, on sale or not. */
  async indexMart(martName: string): Promise<void> {
    const martId = this.world.catalog.martId(martName);
    const products = await this.world.app.services.catalog.listProducts(martId);
    aiSearch.state.index(
      martId,
      products.map((p) => ({ id: p.id, name: p.name })),
    );
  }

  /** A stale index: the vendor lists another mart's product among this mart's. */
  alsoIndex(martName: string, otherMart: string, productName: string): void {
    const martId = this.world.catalog.martId(martName);
    const product = this.world.catalog.product(otherMart, productName);
    aiSearch.state.index(martId, [
      ...(aiSearch.state.catalogs.get(martId) ?? []),
      { id: product.id, name: product.name },
    ]);
  }

  /** A vendor that hangs ('slow') lets the scenario's clock pass the platform's time limit on each call. */
  fault(mode: AiSearchFault): void {
    this.#answers();
    this.world.vendors.faults.fail(aiSearch, mode);
    if (mode === 'slow')
      this.#stopHanging = passTimeWhileHanging(this.world, aiSearch.name, () => this.world.config.search.timeoutMs);
  }

  /** The vendor answers normally again; other vendors' faults stay. */
  recover(): void {
    this.#answers();
    this.world.vendors.faults.restore(aiSearch);
  }

  /** Each answer takes `ms` by the scenario's clock (the clock moves while the vendor works), then is normal. */
  answersAfter(ms: number): void {
    this.#answers();
    this.world.vendors.faults.fail(aiSearch, 'answersLate', { afterMs: ms, clock: this.world.clock });
  }

  /** The next `count` calls are answered 503; later ones normally. */
  failsNext(count: number): void {
    this.#answers();
    this.world.vendors.faults.fail(aiSearch, 'downForCalls', { calls: count });
  }

  /** Requests that reached the vendor's address in the scenario, whatever answered them. */
  async vendorRequests(): Promise<number> {
    return (await this.world.vendors.ledger.calls({ vendor: aiSearch.name })).length;
  }

  /** New instances share their breaker state through a Redis nobody can reach. */
  sharedStateUnreachable(): void {
    const unreachable = new Redis({
      host: '127.0.0.1',
      port: 1,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    unreachable.on('error', () => undefined);
    this.world.breakerBus = () => new RedisBreakerBus(unreachable, this.world.redisPrefix);
    this.world.cleanups.push(() => closeRedis(unreachable));
  }

  async search(martName: string, text: string, instance = 1): Promise<ApiResponse<SearchAnswer>> {
    const url = `/marts/${this.world.catalog.martId(martName)}/search?q=${encodeURIComponent(text)}`;
    const response = await send<SearchAnswer>(this.world.instances.get(instance), 'GET', url);
    this.world.lastResponse = response;
    this.answers.push({ instance, response });
    if (response.status === 200) this.lastAnswer = response.body;
    return response;
  }

  /** `count` searches one after another on one instance. */
  async searchTimes(martName: string, text: string, count: number, instance = 1): Promise<void> {
    for (let i = 0; i < count; i += 1) await this.search(martName, text, instance);
  }

  /** `perInstance` searches on every instance, all under way at once. */
  async searchEverywhereAtOnce(
    martName: string,
    text: string,
    perInstance: number,
  ): Promise<ApiResponse<SearchAnswer>[]> {
    const numbers = this.world.instances.all.map((app) => this.world.instances.numberOf(app));
    const calls = Array.from({ length: numbers.length * perInstance }, (_, i) =>
      this.search(martName, text, numbers[i % numbers.length]),
    );
    return Promise.all(calls);
  }

  breaker(instance: number) {
    return this.world.instances.get(instance).services.search.breaker;
  }

  /** Per running instance, lowest first: its answers by source and the calls its breaker let through. */
  answeredByInstance(): InstanceAnswers[] {
    return this.world.instances.all.map((app) => {
      const instance = this.world.instances.numberOf(app);
      const answered = this.answers.filter((a) => a.instance === instance && a.response.status === 200);
      return {
        instance,
        fromCatalog: answered.filter((a) => a.response.body.source === 'fallback').length,
        fromAi: answered.filter((a) => a.response.body.source === 'ai').length,
        vendorCalls: app.services.search.breaker.view().vendorCalls,
      };
    });
  }

  /** Whether instance `instance` holds the half-open probe: the cluster's half-open state is its own. */
  probes(instance: number): boolean {
    const breaker = this.breaker(instance);
    const { state, by } = breaker.snapshot;
    return state === 'half-open' && by === breaker.instance;
  }

  /**
   * Every running instance's breaker state, lowest first, once each has heard all the news published before:
   * first every instance's own publishes end, then each one's echo comes back over the breaker bus (Redis
   * delivers in order, so the news before it came first). Over Redis a round trip; in process at once.
   */
  async caughtUpStates(): Promise<{ instance: number; state: BreakerState }[]> {
    const breakers = this.world.instances.all.map((app) => app.services.search.breaker);
    await Promise.all(breakers.map((breaker) => breaker.settled()));
    await Promise.all(breakers.map((breaker) => breaker.caughtUp()));
    return this.world.instances.all.map((app) => ({
      instance: this.world.instances.numberOf(app),
      state: app.services.search.breaker.state,
    }));
  }

  /** Asks instance `instance` for the internal status list; the answer is the world's last response. */
  async askStatus(
    instance: number,
    token: BearerToken | undefined,
  ): Promise<ApiResponse<{ breakers: InstanceBreakerView[] }>> {
    const response = await send<{ breakers: InstanceBreakerView[] }>(
      this.world.instances.get(instance),
      'GET',
      '/internal/breakers',
      { token },
    );
    this.world.lastResponse = response;
    return response;
  }

  /** The internal status list, as instance `instance` serves it to an operator, by instance number. */
  async statusList(instance: number, token: BearerToken): Promise<{ number: number; view: InstanceBreakerView }[]> {
    const body = expectOk<{ breakers: InstanceBreakerView[] }>(
      await this.askStatus(instance, token),
      'the breaker status',
    );
    const numbers = new Map(
      this.world.instances.all.map((app) => [app.services.search.breaker.instance, this.world.instances.numberOf(app)]),
    );
    return body.breakers
      .map((view) => ({ number: numbers.get(view.instance) ?? 0, view }))
      .sort((a, b) => a.number - b.number);
  }

  /** The breaker log lines of one instance. */
  breakerLogs(instance: number): { msg: string; reason: string; by: string; to: string }[] {
    const id = this.breaker(instance).instance;
    return this.world.logs.lines
      .filter(
        (line) => line.instance === id && typeof line.msg === 'string' && line.msg.startsWith('ai-search breaker'),
      )
      .map((line) => ({ msg: line.msg!, reason: text(line.reason), by: text(line.by), to: text(line.to) }));
  }
}
