import type { Logger } from './logger.ts';

export interface RecurringJob {
  /** No further runs; resolves once a run in progress has finished. */
  stop(): Promise<void>;
}

/**
 * Runs `job` every `intervalMs` on this instance, never two runs at once: the next run is scheduled when the
 * previous one has finished, however long it took. A failed run is logged and the next one still comes.
 * Jobs that several instances run (the outbox, reconciliation) must be safe to run concurrently themselves.
 */
export function every(intervalMs: number, name: string, job: () => Promise<unknown>, logger: Logger): RecurringJob {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const schedule = () => {
    if (!stopped) timer = setTimeout(run, intervalMs);
  };
  const run = () => {
    running = Promise.resolve()
      .then(job)
      .then(
        () => undefined,
        (error: unknown) =>
          logger.error({ err: error, job: name }, `${name} failed; it runs again in ${intervalMs} ms`),
      )
      .finally(schedule);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
