import type { CatalogService } from '../catalog/catalog.service.ts';
import type { Logger } from '../platform/logger.ts';
import { SearchVendorError, type AiSearchClient } from './ai-search.client.ts';
import { BreakerOpenError, type SharedBreaker } from './shared-breaker.ts';
import type { FoundProduct, SearchStore } from './search.store.ts';

export interface SearchAnswer {
  query: string;
  /** `ai`: ranked by the AI search vendor. `fallback`: the catalog's own name match. */
  source: 'ai' | 'fallback';
  products: FoundProduct[];
}

/**
 * Product search for customers: the AI vendor's ranking, behind the shared breaker, hydrated from the catalog
 * (on-sale products of this mart only, in the vendor's order). When the breaker is open or the call fails, the
 * catalog's name match answers instead: a customer always gets an answer.
 */
export class SearchService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly store: SearchStore,
    private readonly vendor: AiSearchClient,
    readonly breaker: SharedBreaker,
    private readonly resultLimit: number,
    private readonly logger: Logger,
  ) {}

  async search(martId: string, query: string): Promise<SearchAnswer> {
    const mart = await this.catalog.requireMart(martId);
    try {
      const ranked = await this.breaker.execute(
        () => this.vendor.rank(mart.id, query),
        (error) => !(error instanceof SearchVendorError) || error.unhealthy,
      );
      return { query, source: 'ai', products: await this.store.onSaleInOrder(mart.id, ranked) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof BreakerOpenError)
        this.logger.debug({ martId: mart.id, reason }, 'search answered from the catalog');
      else
        this.logger.warn(
          { martId: mart.id, reason, instance: this.breaker.instance },
          'AI search failed; search answered from the catalog',
        );
      return { query, source: 'fallback', products: await this.store.nameMatch(mart.id, query, this.resultLimit) };
    }
  }
}
