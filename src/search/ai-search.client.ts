import { deadline, type TimerClock } from '../platform/clock.ts';
import type { SearchVendorConfig } from './search.config.ts';

/** The vendor did not give a usable ranking. `unhealthy`: it says something about the vendor's health. */
export class SearchVendorError extends Error {
  override name = 'SearchVendorError';

  constructor(
    message: string,
    readonly unhealthy: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

interface SearchResults {
  results?: { product_id?: unknown; score?: unknown }[];
}

/**
 * The AI search vendor over `fetch`: one call per search, no retries (the breaker and the catalog fallback
 * handle failure), and a time limit after which the call is aborted and counts as failed.
 */
export class AiSearchClient {
  constructor(
    private readonly config: SearchVendorConfig,
    private readonly clock: TimerClock,
  ) {}

  /** The mart's product ids ranked best first. */
  async rank(martId: string, query: string): Promise<string[]> {
    let response: Response;
    let body: SearchResults | undefined;
    const timeout = deadline(this.clock, this.config.timeoutMs);
    try {
      response = await fetch(`${this.config.baseUrl}/search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': this.config.apiKey },
        body: JSON.stringify({ query, mart: martId, limit: this.config.resultLimit }),
        signal: timeout.signal,
      });
      body = (await response.json().catch(() => undefined)) as SearchResults | undefined;
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      const what = timedOut
        ? `no answer within ${this.config.timeoutMs} ms`
        : `no answer (${error instanceof Error ? error.message : String(error)})`;
      throw new SearchVendorError(`AI search: ${what}`, true, { cause: error });
    } finally {
      timeout.clear();
    }
    // 400 and 404 (no index for the mart) are about the request, not the vendor's health.
    if (response.status === 400 || response.status === 404)
      throw new SearchVendorError(`AI search: answered ${response.status}`, false);
    if (!response.ok) throw new SearchVendorError(`AI search: answered ${response.status}`, true);
    const results = body?.results;
    if (!Array.isArray(results) || !results.every((r) => typeof r.product_id === 'string')) {
      throw new SearchVendorError(`AI search: answered ${response.status} with an unreadable body`, true);
    }
    return results.map((r) => r.product_id as string);
  }
}
