import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { every } from '../src/platform/jobs.ts';
import { createLogger } from '../src/platform/logger.ts';
import { LogCapture } from '../steps/support/log-capture.ts';

/** Lets settled promises run their callbacks (mocked timers move no real time). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('a recurring job', () => {
  let logs: LogCapture;
  const logger = () => createLogger('error', logs);

  beforeEach(() => {
    logs = new LogCapture();
    mock.timers.enable({ apis: ['setTimeout'] });
  });
  afterEach(() => mock.timers.reset());

  it('runs once per interval, starting one interval after it is scheduled', async () => {
    let runs = 0;
    const job = every(1_000, 'count', async () => void runs++, logger());
    mock.timers.tick(999);
    assert.equal(runs, 0);
    for (let i = 0; i < 3; i++) {
      mock.timers.tick(i === 0 ? 1 : 1_000);
      await settle();
    }
    assert.equal(runs, 3);
    await job.stop();
  });

  /** A job whose every run lasts until the test calls `finish()`. */
  function lingering(name: string) {
    const state = { runs: 0, finish: () => {} };
    const job = every(
      1_000,
      name,
      () => (state.runs++, new Promise<void>((resolve) => (state.finish = resolve))),
      logger(),
    );
    return Object.assign(state, { job });
  }

  it('never starts a run while the previous one is still going', async () => {
    const slow = lingering('slow');
    for (let i = 0; i < 11; i++) {
      mock.timers.tick(1_000);
      await settle();
    }
    assert.equal(slow.runs, 1);
    slow.finish();
    await settle();
    mock.timers.tick(1_000);
    await settle();
    assert.equal(slow.runs, 2);
    slow.finish();
    await slow.job.stop();
  });

  it('still runs the next time when a run throws before it even starts', async () => {
    let runs = 0;
    const job = every(
      1_000,
      'careless',
      () => {
        runs++;
        throw new Error('thrown, not rejected');
      },
      logger(),
    );
    for (let i = 0; i < 2; i++) {
      mock.timers.tick(1_000);
      await settle();
    }
    assert.equal(runs, 2);
    await job.stop();
  });

  it('logs a failed run and still runs the next one', async () => {
    let runs = 0;
    const job = every(1_000, 'reconcile', () => (runs++, Promise.reject(new Error('gateway down'))), logger());
    mock.timers.tick(1_000);
    await settle();
    mock.timers.tick(1_000);
    await settle();
    assert.equal(runs, 2);
    assert.equal(logs.lines.length, 2);
    const line = logs.lines[0] as { job?: string; err?: { message: string } } | undefined;
    assert.deepEqual([line?.job, line?.err?.message], ['reconcile', 'gateway down']);
    await job.stop();
  });

  it('stops after the run in progress and starts no other', async () => {
    const outbox = lingering('outbox');
    mock.timers.tick(1_000);
    await settle();
    let stopped = false;
    const stopping = outbox.job.stop().then(() => (stopped = true));
    await settle();
    assert.equal(stopped, false, 'stop() returned while a run was still going');
    outbox.finish();
    await stopping;
    mock.timers.tick(10_000);
    assert.equal(outbox.runs, 1);
  });
});
