import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { buildApp } from './app.ts';
import { SECOND, systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './database.ts';
import { every } from './jobs.ts';
import type { Logger } from './logger.ts';
import { migrate } from './migrate.ts';
import { closeRedis, openRedis } from './redis.ts';

export interface RunningPlatform {
  app: FastifyInstance;
  db: Database;
  /** Where the API listens, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** Stops the background jobs (after their current run), then the app, the database and Redis. */
  stop(): Promise<void>;
}

/**
 * The platform as a running server: database migrated, API listening, background jobs scheduled (alert
 * flushing, the refund outbox, payment reconciliation). `extraRoutes` are served beside the platform's own.
 */
export async function startPlatform(
  config: Config,
  logger: Logger,
  extraRoutes?: FastifyPluginAsync,
): Promise<RunningPlatform> {
  // Redis first: it answers or refuses at once, where the embedded database takes seconds to start.
  const redis = config.redisUrl ? await openRedis(config.redisUrl, { logger }) : undefined;
  const db = await openDatabase({
    url: config.databaseUrl,
    statementTimeoutMs: config.databaseStatementTimeoutMs,
    logger,
  }).catch(async (error: unknown) => {
    if (redis) await closeRedis(redis);
    throw error;
  });
  let app: FastifyInstance | undefined;
  let url: string;
  try {
    const applied = await migrate(db);
    app = await buildApp({ config, clock: systemClock, db, logger, redis, extraRoutes });
    logger.info({ migrations: applied, database: db.kind, redis: Boolean(redis) }, 'martbook API starting');
    url = await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    // A start that failed half-way (a port in use, a database refusing) closes what it had opened.
    await app?.close();
    await Promise.all([db.close(), redis && closeRedis(redis)]);
    throw error;
  }
  const { alerts, refunds, payments } = app.services;
  const jobs = [
    // The alert flusher flushes when its interval is due (closing the app flushes once more).
    every(SECOND, 'alert flush', () => alerts.tick(), logger),
    // Staged refund images to object storage, unconfirmed gateway cancels again (each item has its own backoff).
    every(5 * SECOND, 'refund outbox', () => refunds.outbox.runOnce(), logger),
    // Orders whose payment the gateway could not confirm are verified again; cancels not yet recorded are settled.
    every(config.paymentGateway.reconcileIntervalMs, 'payment reconciliation', () => payments.reconcile(), logger),
  ];
  return {
    app,
    db,
    url,
    async stop() {
      await Promise.all(jobs.map((job) => job.stop()));
      await app.close();
      await Promise.all([db.close(), redis && closeRedis(redis)]);
    },
  };
}
