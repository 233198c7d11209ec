import { createLogger, type Logger } from '../../src/platform/logger.ts';
import type { LogCapture } from './log-capture.ts';

/** Each scenario's loggers tag their lines with the scenario's number; the line goes to that scenario's capture. */
const TAG = 'scenarioRun';
const tagged = new RegExp(`"${TAG}":(\\d+)`);

let root: Logger | undefined;
let scenarios = 0;
/** The running scenario (one at a time in a worker): a line tagged with any other number is dropped, never read. */
let running: { scenario: number; logs: LogCapture; logger: Logger | undefined } | undefined;

/**
 * The running scenario's logger: a child of the worker's one logger (its redaction compiled once per worker, not
 * once per instance), writing to that scenario's capture. Work left over from a scenario that ended (a retired
 * app's request, a late timer) logs through its own scenario's child, so it never reaches a later one's capture.
 */
export function scenarioLogger(): Logger {
  root ??= createLogger('info', {
    write: (line: string) => {
      if (running && Number(tagged.exec(line)?.[1]) === running.scenario) running.logs.write(line);
    },
  });
  if (!running) return root; // outside any scenario: its lines carry no number, so they go nowhere
  running.logger ??= root.child({ [TAG]: running.scenario });
  return running.logger;
}

/** From now on `scenarioLogger()` writes to `logs`; `undefined` when the scenario has ended. */
export function captureLogsIn(logs: LogCapture | undefined): void {
  running = logs && { scenario: ++scenarios, logs, logger: undefined };
}
