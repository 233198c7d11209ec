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
      ['CART_MAX_LINES', 'DATABASE_URL', 'AUTH_SECRET: must be at least 32 characters'].every((part) => error.message.includes(part)),
    );
  });

  it('treats empty variables as unset', () => {
    assert.equal(loadConfig({ REDIS_URL: '' }).redisUrl, undefined);
  });
});
