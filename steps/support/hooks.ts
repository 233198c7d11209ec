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
  await this.stop();
  const vendorCalls = await endScenario(vendors);
  for (const cleanup of this.cleanups) await cleanup();
  if (redis) await deleteRedisKeys(redis, this.redisPrefix);
  if (result?.status === Status.FAILED && this.logs.raw.length > 0) {
    this.attach(this.logs.text(), { mediaType: 'text/plain', fileName: 'service.log' });
  }
  if (vendorCalls.length > 0) this.attach(JSON.stringify(vendorCalls), { mediaType: vendorCallsMediaType });
  captureLogsIn(undefined);
  assertVendorsHeld(vendors);
});

AfterAll({ timeout: 60_000 }, async function () {
  if (workerResources()) await closeWorkerResources();
});
