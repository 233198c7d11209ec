import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { UnreachableAtStart } from './unreachable.ts';
import { startPlatform } from './runtime.ts';

/** Runs the platform's API as a server: `npm run api`. */
const config = loadConfig();
const logger = createLogger(config.logLevel);
const platform = await startPlatform(config, logger).catch((error: unknown) => {
  // Redis or Postgres refusing at start is one clear sentence, not a stack trace; anything else keeps its stack.
  if (error instanceof UnreachableAtStart) logger.fatal(`martbook API could not start: ${error.message}`);
  else logger.fatal({ err: error }, 'martbook API could not start');
  process.exit(1);
});

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
