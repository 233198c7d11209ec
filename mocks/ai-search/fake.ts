import type { components } from './contract.types.ts';

export type SearchRequest = components['schemas']['SearchRequest'];
export type RankedProduct = components['schemas']['RankedProduct'];

/** A product as the vendor indexes it: the scenario's catalog, handed over with `aiSearch.state.index(...)`. */
export interface IndexedProduct {
  id: string;
  name: string;
  keywords?: string[];
}

const words = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/**
 * The AI search vendor as a deterministic fake. A product's score is how far the query's words and the
 * product's words (name and keywords) are the same: twice the words they share over the words of both
 * (Sørensen–Dice, 3 decimals). A product sharing no word with the query scores 0 and is left out, and of two
 * products matching the same words the one with fewer other words ranks higher, as a relevance ranking does.
 * Ties go to the smaller product id.
 */
export class AiSearchFake {
  apiKey = 'martbook-test-search-key';
  /** Indexed products per mart. */
  readonly catalogs = new Map<string, IndexedProduct[]>();
  /** Every search received, in order. */
  readonly searches: SearchRequest[] = [];

  index(mart: string, products: IndexedProduct[]): void {
    this.catalogs.set(mart, products);
  }

  /** The ranked results, or undefined when the vendor has no index for the mart. */
  search(request: SearchRequest): RankedProduct[] | undefined {
    this.searches.push(request);
    const products = this.catalogs.get(request.mart);
    if (!products) return undefined;
    const terms = new Set(words(request.query));
    return products
      .map((product) => {
        const vocabulary = new Set(words([product.name, ...(product.keywords ?? [])].join(' ')));
        const shared = [...terms].filter((term) => vocabulary.has(term)).length;
        const dice = shared === 0 ? 0 : (2 * shared) / (terms.size + vocabulary.size);
        return { product_id: product.id, score: Math.round(dice * 1000) / 1000 };
      })
      .filter((ranked) => ranked.score > 0)
      .sort((a, b) => b.score - a.score || a.product_id.localeCompare(b.product_id))
      .slice(0, request.limit ?? 20);
  }

  reset(): void {
    this.catalogs.clear();
    this.searches.length = 0;
  }
}
