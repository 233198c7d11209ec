import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { requireOperator, type TokenService } from '../platform/auth.ts';
import { parseInput } from '../platform/validation.ts';
import type { SearchService } from './search.service.ts';

const searchQuery = z.object({ q: z.string().trim().min(1, 'type something to search for').max(200) });

/** Customer search, and the internal view of the search breakers for operators. */
export const searchRoutes: FastifyPluginAsync<{ search: SearchService; tokens: TokenService }> = async (
  app,
  { search, tokens },
) => {
  app.get<{ Params: { martId: string }; Querystring: unknown }>('/marts/:martId/search', async (request) => {
    const { q } = parseInput(searchQuery, request.query);
    return search.search(request.params.martId, q);
  });

  /** Each instance's view of each breaker: state, reason, window figures, vendor calls. Operators only. */
  app.get('/internal/breakers', async (request) => {
    requireOperator(tokens, request);
    return { instance: search.breaker.instance, breakers: await search.breaker.clusterViews() };
  });
};
