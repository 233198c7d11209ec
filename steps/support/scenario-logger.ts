import { createLogger, type Logger } from '../../src/platform/logger.ts';
import type { LogCapture } from './log-capture.ts';

let capture: LogCapture | undefined;
let logger: Logger | undefined;

/**
 * The worker's one logger, writing to the running scenario's capture: every instance of a scenario logs through
 * it, and a logger (its redaction compiled) is built once per worker instead of once per instance. A line
 * logged while no scenario runs (late work of one that ended) is dropped, as it was never read.
 */
export function scenarioLogger(): Logger {
  logger ??= createLogger('info', { write: (line: string) => void capture?.write(line) });
  return logger;
}

/** From now on the logger writes to `logs`; `undefined` when the scenario has ended. */
export function captureLogsIn(logs: LogCapture | undefined): void {
  capture = logs;
}
