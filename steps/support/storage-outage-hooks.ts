import { After, Before } from '@cucumber/cucumber';
import type { PolicyWorld } from './world.ts';

/**
 * An example tagged @real-redis-only shows what only a real Redis can do (keep a connection open and say
 * nothing): without `REDIS_URL` it is skipped, and the report says so, rather than run as something it is not.
 */
Before({ tags: '@real-redis-only' }, function (this: PolicyWorld) {
  return this.resources.redis ? undefined : 'skipped';
});

// Runs before the After hook that stops the app (a later file's After hooks run first): storage a scenario left
// lost is brought back, so the app closes its connections instead of reconnecting to a forwarder for ever.
After(async function (this: PolicyWorld) {
  await this.outage.restoreAll();
});
