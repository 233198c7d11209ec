import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DAY } from '../src/platform/clock.ts';
import { ConfigError, loadConfig } from '../src/platform/config.ts';

describe('configuration', () => {
  it('runs on embedded defaults with no environment at all', () => {
    const config = loadConfig({});
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.redisUrl, undefined);
    assert.deepEqual(config.cart, { maxQuantity: 99, maxLines: 50, ttlMs: 30 * DAY });
    assert.ok(config.authSecret.length >= 32);
  });

  it('names every bad variable in one readable error', () => {
    const bad = () => loadConfig({ CART_MAX_LINES: 'fifty', DATABASE_URL: 'mysql://x', AUTH_SECRET: 'short' });
    assert.throws(bad, ConfigError);
    assert.throws(bad, (error: Error) =>
      ['CART_MAX_LINES', 'DATABASE_URL', 'AUTH_SECRET: must be at least 32 characters'].every((part) =>
        error.message.includes(part),
      ),
    );
  });

  it('refuses a flush lock that would not outlast one post to Slack', () => {
    assert.throws(
      () => loadConfig({ ALERT_FLUSH_LOCK_SECONDS: '10', ALERT_SLACK_TIMEOUT_SECONDS: '10' }),
      (error: Error) =>
        error instanceof ConfigError &&
        error.message.includes('ALERT_FLUSH_LOCK_SECONDS: must be longer than ALERT_SLACK_TIMEOUT_SECONDS (10)'),
    );
    assert.equal(
      loadConfig({ ALERT_FLUSH_LOCK_SECONDS: '11', ALERT_SLACK_TIMEOUT_SECONDS: '10' }).alerts.flushLockMs,
      11_000,
    );
  });

  it('treats empty variables as unset', () => {
    assert.equal(loadConfig({ REDIS_URL: '' }).redisUrl, undefined);
  });
});
