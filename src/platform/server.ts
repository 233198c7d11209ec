import { buildApp } from './app.ts';
import { systemClock } from './clock.ts';
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

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app
      .close()
      .then(() => Promise.all([db.close(), redis?.quit()]))
      .finally(() => process.exit(0));
  });
}
