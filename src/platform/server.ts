import { buildApp } from './app.ts';
import { SECOND, systemClock } from './clock.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './database.ts';
import { every } from './jobs.ts';
import { createLogger } from './logger.ts';
import { migrate } from './migrate.ts';
import { openRedis } from './redis.ts';

/** Runs the platform's API as a server: `npm run serve`. */
const config = loadConfig();
const logger = createLogger(config.logLevel);
const db = await openDatabase({ url: config.databaseUrl });
const applied = await migrate(db);
const redis = config.redisUrl ? await openRedis(config.redisUrl) : undefined;
const app = await buildApp({ config, clock: systemClock, db, logger, redis });
logger.info({ migrations: applied, database: db.kind, redis: Boolean(redis) }, 'martbook API starting');
await app.listen({ port: config.port, host: config.host });
const { alerts, refunds, payments } = app.services;
const jobs = [
  // The alert flusher flushes when its interval is due (closing the app flushes once more).
  every(SECOND, 'alert flush', () => alerts.tick(), logger),
  // Staged refund images to object storage, unconfirmed gateway cancels again (each item has its own backoff).
  every(5 * SECOND, 'refund outbox', () => refunds.outbox.runOnce(), logger),
  // Orders whose payment the gateway could not confirm are verified again.
  every(config.paymentGateway.reconcileIntervalMs, 'payment reconciliation', () => payments.verification.reconcile(), logger),
];

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void Promise.all(jobs.map((job) => job.stop()))
      .then(() => app.close())
      .then(() => Promise.all([db.close(), redis?.quit()]))
      .finally(() => process.exit(0));
  });
}
