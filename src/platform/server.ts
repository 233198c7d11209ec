import { buildApp } from './app.ts';
import { SECOND, systemClock } from './clock.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './database.ts';
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
// The alert flusher's scheduler: it flushes when its interval is due (closing the app flushes once more).
const alertTicks = setInterval(() => void app.services.alerts.tick(), SECOND);
// The refund outbox: staged images to object storage, unconfirmed gateway cancels again (each item has its backoff).
const refundTicks = setInterval(
  () => void app.services.refunds.outbox.runOnce().catch((error: unknown) => logger.error({ err: error }, 'refund outbox pass failed')),
  5 * SECOND,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    clearInterval(alertTicks);
    clearInterval(refundTicks);
    void app
      .close()
      .then(() => Promise.all([db.close(), redis?.quit()]))
      .finally(() => process.exit(0));
  });
}
