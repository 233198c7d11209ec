import { z } from 'zod';
import { SECOND } from '../platform/clock.ts';
import { baseUrl, percent, positiveInt, type EnvOf } from '../platform/env.ts';
import type { BreakerPolicy } from './breaker.ts';

export const searchEnv = {
  // AI search: defaults are the mock's base URL and test key (see mocks/ai-search).
  AI_SEARCH_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://ai-search.mock/v1'),
  AI_SEARCH_API_KEY: z.string().default('martbook-test-search-key'),
  AI_SEARCH_TIMEOUT_MS: positiveInt.default(3_000),
  AI_SEARCH_RESULT_LIMIT: z.coerce.number().int().min(1).max(100).default(20),
  SEARCH_BREAKER_WINDOW_CALLS: positiveInt.default(20),
  SEARCH_BREAKER_MINIMUM_CALLS: positiveInt.default(10),
  SEARCH_BREAKER_FAILURE_RATE_PERCENT: percent.default(50),
  SEARCH_BREAKER_SLOW_RATE_PERCENT: percent.default(50),
  SEARCH_BREAKER_SLOW_CALL_MS: positiveInt.default(2_000),
  SEARCH_BREAKER_OPEN_SECONDS: positiveInt.default(30),
  SEARCH_BREAKER_HALF_OPEN_PROBES: positiveInt.default(3),
  SEARCH_BREAKER_QUORUM: positiveInt.default(1),
  SEARCH_BREAKER_PROBE_LOCK_SECONDS: positiveInt.default(10),
};

/** How search reaches the AI search vendor, and the breaker in front of it. The API key never reaches a log. */
export interface SearchVendorConfig {
  baseUrl: string;
  apiKey: string;
  /** One call's time limit; a call that outlives it is aborted, counts as failed, and search falls back. */
  timeoutMs: number;
  /** Most products one search returns. */
  resultLimit: number;
  breaker: BreakerPolicy;
}

export const searchConfig = (e: EnvOf<typeof searchEnv>): SearchVendorConfig => ({
  baseUrl: baseUrl(e.AI_SEARCH_BASE_URL),
  apiKey: e.AI_SEARCH_API_KEY,
  timeoutMs: e.AI_SEARCH_TIMEOUT_MS,
  resultLimit: e.AI_SEARCH_RESULT_LIMIT,
  breaker: {
    windowSize: e.SEARCH_BREAKER_WINDOW_CALLS,
    minimumCalls: Math.min(e.SEARCH_BREAKER_MINIMUM_CALLS, e.SEARCH_BREAKER_WINDOW_CALLS),
    failureRateThreshold: e.SEARCH_BREAKER_FAILURE_RATE_PERCENT / 100,
    slowCallRateThreshold: e.SEARCH_BREAKER_SLOW_RATE_PERCENT / 100,
    slowCallMs: e.SEARCH_BREAKER_SLOW_CALL_MS,
    openMs: e.SEARCH_BREAKER_OPEN_SECONDS * SECOND,
    halfOpenProbes: e.SEARCH_BREAKER_HALF_OPEN_PROBES,
    quorum: e.SEARCH_BREAKER_QUORUM,
    probeLockMs: e.SEARCH_BREAKER_PROBE_LOCK_SECONDS * SECOND,
  },
});
