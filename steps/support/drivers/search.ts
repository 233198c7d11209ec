import { Redis } from 'ioredis';
import { http } from 'msw';
import { withFault } from '../../../mocks/contracts/faults.ts';
import { aiSearchBaseUrl, searchError } from '../../../mocks/ai-search/handlers.ts';
import { aiSearch } from '../../../mocks/vendors.ts';
import type { BreakerState } from '../../../src/search/breaker.ts';
import type { InstanceBreakerView } from '../../../src/search/breaker-bus.ts';
import { RedisBreakerBus } from '../../../src/search/breaker-bus.redis.ts';
import type { SearchAnswer } from '../../../src/search/search.service.ts';
import type { PolicyWorld } from '../world.ts';
import type { BearerToken } from '../../../src/platform/auth.ts';
import { expectOk, send, type ApiResponse } from './http.ts';

export type AiSearchFault = 'down' | 'slow' | 'networkError' | 'malformedBody';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Customers searching across the scenario's instances (instance 1 is the scenario's app; more come from the
 * alerts driver's cluster), the AI search vendor's behaviour, and what each instance's breaker says.
 */
export class SearchDriver {
  /** Requests that reached the vendor's address (whatever answered them), counted at the mock. */
  vendorRequests = 0;
  #listening = false;
  lastAnswer: SearchAnswer | undefined;
  /** Every answer of the scenario. */
  readonly answers: ApiResponse<SearchAnswer>[] = [];

  constructor(private readonly world: PolicyWorld) {}

  /** The vendor indexes every product the mart has in the catalog, on sale or not. */
  async indexMart(martName: string): Promise<void> {
    const martId = this.world.catalog.martId(martName);
    const products = await this.world.app.services.catalog.store.listProducts(martId);
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

  fault(mode: AiSearchFault): void {
    this.world.resources.vendors.server.use(...aiSearch.faults[mode]());
  }

  /** The vendor answers normally again. */
  recover(): void {
    this.world.resources.vendors.server.resetHandlers();
  }

  /** Each answer takes `ms` by the scenario's clock (the clock moves while the vendor works), then is normal. */
  answersAfter(ms: number): void {
    this.world.resources.vendors.server.use(
      http.post(`${aiSearchBaseUrl}/search`, () => {
        this.world.clock.advance(ms);
        return undefined; // falls through to the vendor's normal answer
      }),
    );
  }

  /** The next `count` calls are answered 503; later ones normally. */
  failsNext(count: number): void {
    let left = count;
    this.world.resources.vendors.server.use(
      http.post(`${aiSearchBaseUrl}/search`, () =>
        left-- > 0 ? withFault(searchError(503, 'unavailable', 'try again later'), 'down') : undefined,
      ),
    );
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
    this.world.cleanups.push(async () => {
      unreachable.disconnect();
    });
  }

  async search(martName: string, text: string, instance = 1): Promise<ApiResponse<SearchAnswer>> {
    this.#listen();
    const url = `/marts/${this.world.catalog.martId(martName)}/search?q=${encodeURIComponent(text)}`;
    const response = await send<SearchAnswer>(this.world.alerts.instance(instance), 'GET', url);
    this.world.lastResponse = response;
    this.answers.push(response);
    if (response.status === 200) this.lastAnswer = response.body;
    return response;
  }

  /** `count` searches one after another on one instance; the answers' sources. */
  async searchTimes(martName: string, text: string, count: number, instance = 1): Promise<string[]> {
    const sources: string[] = [];
    for (let i = 0; i < count; i += 1) sources.push((await this.search(martName, text, instance)).body.source);
    return sources;
  }

  /** `perInstance` searches on every instance, all under way at once. */
  async searchEverywhereAtOnce(
    martName: string,
    text: string,
    perInstance: number,
  ): Promise<ApiResponse<SearchAnswer>[]> {
    const count = this.world.alerts.instances.length;
    const calls = Array.from({ length: count * perInstance }, (_, i) => this.search(martName, text, (i % count) + 1));
    return Promise.all(calls);
  }

  /** The instance dies: it stops hearing the cluster and leaves its probe lock behind; it is closed after the scenario. */
  async crash(instance: number): Promise<void> {
    const app = this.world.alerts.drop(instance);
    await app.services.search.breaker.stopListening();
    this.world.cleanups.push(() => app.close());
  }

  breaker(instance: number) {
    return this.world.alerts.instance(instance).services.search.breaker;
  }

  /** Each instance's calls to the vendor, by instance number. */
  vendorCallsByInstance(): number[] {
    return this.world.alerts.instances.map((app) => app.services.search.breaker.view().vendorCalls);
  }

  /**
   * Resolves once every instance's breaker is in `state`: waits for the news to travel (over Redis it is real
   * pub/sub), never sleeps. News that never comes fails the step at Cucumber's step timeout.
   */
  async everyInstanceReaches(state: BreakerState): Promise<void> {
    await Promise.all(this.world.alerts.instances.map((app) => app.services.search.breaker.reached(state)));
  }

  /** Asks instance `instance` for the internal status list; the answer is the world's last response. */
  async askStatus(
    instance: number,
    token: BearerToken | undefined,
  ): Promise<ApiResponse<{ breakers: InstanceBreakerView[] }>> {
    const response = await send<{ breakers: InstanceBreakerView[] }>(
      this.world.alerts.instance(instance),
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
    const ids = this.world.alerts.instances.map((app) => app.services.search.breaker.instance);
    return body.breakers
      .map((view) => ({ number: ids.indexOf(view.instance) + 1, view }))
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

  #listen(): void {
    if (this.#listening) return;
    this.#listening = true;
    const { server } = this.world.resources.vendors;
    const onRequest = ({ request }: { request: Request }) => {
      if (request.url.startsWith(aiSearchBaseUrl)) this.vendorRequests += 1;
    };
    server.events.on('request:start', onRequest);
    this.world.cleanups.push(async () => {
      server.events.removeListener('request:start', onRequest);
    });
  }
}
