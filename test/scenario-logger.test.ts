import assert from 'node:assert/strict';
import { it } from 'node:test';
import { lateBound } from '../steps/support/late-bound.ts';
import { LogCapture } from '../steps/support/log-capture.ts';
import { captureLogsIn, scenarioLogger } from '../steps/support/scenario-logger.ts';

it("writes each scenario's lines to its own capture, and drops those of a scenario that ended", () => {
  const first = new LogCapture();
  const second = new LogCapture();
  captureLogsIn(first);
  const firstLogger = scenarioLogger();
  const sharedAppLogger = lateBound(() => scenarioLogger()); // as the shared app's Fastify logger
  firstLogger.info('first, while it runs');
  captureLogsIn(undefined);
  captureLogsIn(second);
  firstLogger.info('first, left over');
  scenarioLogger().info('second');
  sharedAppLogger.child({ reqId: 'r1' }).info('second, a request');
  captureLogsIn(undefined);
  assert.deepEqual(
    first.lines.map((line) => line.msg),
    ['first, while it runs'],
  );
  assert.deepEqual(
    second.lines.map((line) => line.msg),
    ['second', 'second, a request'],
  );
});
