import { After, AfterAll, Before, BeforeAll, Status } from '@cucumber/cucumber';
import { assertVendorsHeld, endFaults, endScenario, vendorCallsMediaType } from '../../mocks/server.ts';
import { useVendorClock } from '../../mocks/vendors.ts';
import { captureLogsIn } from './scenario-logger.ts';
import type { PolicyWorld } from './world.ts';
import {
  closeWorkerResources,
  deleteRedisKeys,
  openWorkerResources,
  resetDatabase,
  workerResources,
} from './worker.ts';

BeforeAll({ timeout: 60_000 }, async function () {
  await openWorkerResources();
});

Before(async function (this: PolicyWorld) {
  await resetDatabase(this.resources.db);
  useVendorClock(() => this.clock.now());
  captureLogsIn(this.logs);
  await this.start();
});

After(async function (this: PolicyWorld, { result }) {
  const { vendors, redis } = this.resources;
  endFaults(vendors);
  // Each part runs even when one before it failed: a cleanup left out would leave a connection or a forwarder open
  // (reconnecting for as long as the process lives, so the run would never end) or keys for no one to delete.
  const failures: unknown[] = [];
  const attempt = async (part: () => Promise<void>) => {
    try {
      await part();
    } catch (error) {
      failures.push(error);
    }
  };
  await attempt(() => this.stop());
  const vendorCalls = await endScenario(vendors);
  for (const cleanup of this.cleanups) await attempt(cleanup);
  if (redis) await attempt(() => deleteRedisKeys(redis, this.redisPrefix));
  if ((result?.status === Status.FAILED || failures.length > 0) && this.logs.raw.length > 0) {
    this.attach(this.logs.text(), { mediaType: 'text/plain', fileName: 'service.log' });
  }
  if (vendorCalls.length > 0) this.attach(JSON.stringify(vendorCalls), { mediaType: vendorCallsMediaType });
  captureLogsIn(undefined);
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    const each = failures.map((error) => (error instanceof Error ? error.message : String(error)));
    throw new AggregateError(failures, `ending the scenario failed ${failures.length} times: ${each.join('; ')}`);
  }
  assertVendorsHeld(vendors);
});

AfterAll({ timeout: 60_000 }, async function () {
  if (workerResources()) await closeWorkerResources();
});
