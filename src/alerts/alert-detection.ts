import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../platform/clock.ts';
import type { Alerting } from './alerts.service.ts';

/**
 * Times every request with the injected clock and hands it to alerting when it ends (its graceful shutdown is
 * `endServices`'). Installed on the root app, so it sees every route and every 404.
 */
export function installAlertDetection(app: FastifyInstance, alerting: Alerting, clock: Clock): void {
  const startedAt = new WeakMap<FastifyRequest, number>();
  app.addHook('onRequest', async (request) => {
    startedAt.set(request, clock.now());
  });
  app.addHook('onResponse', async (request, reply) => {
    const end = clock.now();
    alerting.requestEnded({
      method: request.method,
      route: request.routeOptions.url ?? '(no route)',
      status: reply.statusCode,
      durationMs: end - (startedAt.get(request) ?? end),
      requestId: request.id,
      at: end,
    });
  });
}
