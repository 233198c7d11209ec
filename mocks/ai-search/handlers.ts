import { http, HttpResponse } from 'msw';
import type { components } from './contract.types.ts';
import type { AiSearchFake, SearchRequest } from './fake.ts';

export const aiSearchBaseUrl = 'https://ai-search.mock/v1';

type Schemas = components['schemas'];

export const searchError = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  HttpResponse.json<Schemas['Error']>({ error: { code, message } }, { status, headers });

/** The vendor's normal behaviour, backed by the fake's index. */
export function aiSearchHandlers(fake: AiSearchFake, baseUrl = aiSearchBaseUrl) {
  return [
    http.post<never, SearchRequest, Schemas['SearchResults'] | Schemas['Error']>(
      `${baseUrl}/search`,
      async ({ request }) => {
        if (request.headers.get('x-api-key') !== fake.apiKey)
          return searchError(401, 'unauthorized', 'invalid api key');
        const body = (await request.json().catch(() => undefined)) as Partial<SearchRequest> | undefined;
        if (typeof body?.query !== 'string' || !body.query.trim())
          return searchError(400, 'invalid_request', 'query must not be empty');
        if (typeof body.mart !== 'string') return searchError(400, 'invalid_request', 'mart is required');
        const results = fake.search({
          query: body.query,
          mart: body.mart,
          ...(body.limit ? { limit: body.limit } : {}),
        });
        if (!results) return searchError(404, 'unknown_mart', `no index for mart ${body.mart}`);
        return HttpResponse.json<Schemas['SearchResults']>({ query: body.query, results });
      },
    ),
  ];
}
