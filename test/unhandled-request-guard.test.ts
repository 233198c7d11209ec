import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { http, HttpResponse } from 'msw';
import { endFaults } from '../mocks/server.ts';
import { useMockVendors } from './support/mock-vendors.ts';

describe('the unhandled-request guard', () => {
  const vendors = useMockVendors();
  const { server, guard } = vendors;

  it('fails the request itself, so no real vendor is ever reached', async () => {
    await assert.rejects(fetch('https://vendor.invalid/unmocked'));
    assert.throws(() => guard.assertNoneSince(), /GET https:\/\/vendor\.invalid\/unmocked/);
  });

  it('fails the scenario even when the service swallowed the request error', async () => {
    await fetch('https://vendor.invalid/swallowed', { method: 'POST' }).catch(() => undefined);
    assert.throws(
      () => guard.assertNoneSince(),
      /1 request\(s\) reached no mock handler[\s\S]*POST https:\/\/vendor\.invalid\/swallowed/,
    );
  });

  it('starts each scenario with a clean list', () => {
    assert.doesNotThrow(() => guard.assertNoneSince());
  });

  it('lets handled requests through untouched', async () => {
    server.use(http.get('https://vendor.invalid/ok', () => HttpResponse.json({ ok: true })));
    assert.deepEqual(await (await fetch('https://vendor.invalid/ok')).json(), { ok: true });
    assert.doesNotThrow(() => guard.assertNoneSince());
    endFaults(vendors);
  });
});
