import { After, AfterAll, Before, BeforeAll, Status } from '@cucumber/cucumber';
import type { PolicyWorld } from './world.ts';
import { closeWorkerResources, deleteRedisKeys, openWorkerResources, resetDatabase, workerResources } from './worker.ts';

BeforeAll({ timeout: 60_000 }, async function () {
  await openWorkerResources();
});

Before(async function (this: PolicyWorld) {
  await resetDatabase(this.resources.db);
  await this.start();
});

After(async function (this: PolicyWorld, { result }) {
  const { vendors, redis } = this.resources;
  vendors.server.resetHandlers();
  await this.stop();
  for (const cleanup of this.cleanups) await cleanup();
  if (redis) await deleteRedisKeys(redis, this.redisPrefix);
  if (result?.status === Status.FAILED && this.logs.raw.length > 0) {
    this.attach(this.logs.text(), { mediaType: 'text/plain', fileName: 'service.log' });
  }
  vendors.guard.assertNoneSince();
});

AfterAll({ timeout: 60_000 }, async function () {
  if (workerResources()) await closeWorkerResources();
});
