import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startPlatform } from './runtime.ts';

/** Runs the platform's API as a server: `npm run api`. */
const config = loadConfig();
const logger = createLogger(config.logLevel);
const platform = await startPlatform(config, logger);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    platform.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
