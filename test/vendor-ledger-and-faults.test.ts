import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { aiSearchBaseUrl } from '../mocks/ai-search/handlers.ts';
import { portoneBaseUrl } from '../mocks/portone/handlers.ts';
import { endFaults, endScenario } from '../mocks/server.ts';
import { aiSearch, portone } from '../mocks/vendors.ts';
import { useMockVendors } from './support/mock-vendors.ts';

describe('the vendor ledger and the fault modes in place', () => {
  const vendors = useMockVendors();
  beforeEach(() => endScenario(vendors));

  const search = () =>
    fetch(`${aiSearchBaseUrl}/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': aiSearch.state.apiKey },
      body: JSON.stringify({ query: 'jam', mart: 'm-1' }),
    });
  const token = () =>
    fetch(`${portoneBaseUrl}/users/getToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(portone.state.credentials),
    });

  it('restores one vendor and leaves every other vendor failing', async () => {
    vendors.faults.fail(portone, 'down');
    vendors.faults.fail(aiSearch, 'down');
    vendors.faults.restore(aiSearch);
    assert.notEqual((await search()).status, 503);
    assert.equal((await token()).status, 503);
    vendors.faults.restore(portone);
    assert.equal((await token()).status, 200);
  });

  it('fails a restored vendor again with a new fault mode', async () => {
    vendors.faults.fail(aiSearch, 'down');
    vendors.faults.restore(aiSearch);
    vendors.faults.fail(aiSearch, 'invalidApiKey');
    assert.equal((await search()).status, 401);
    endFaults(vendors);
    assert.notEqual((await search()).status, 401);
  });

  it('records every call with its bodies and status, by vendor and operation, without being asked to', async () => {
    vendors.faults.fail(aiSearch, 'downForCalls', { calls: 1 });
    await search();
    await search();
    await token();
    const searches = await vendors.ledger.calls({ vendor: 'ai-search', operationId: 'searchProducts' });
    assert.deepEqual(
      searches.map((call) => [call.status, call.fault, call.request]),
      [
        [503, 'down', { query: 'jam', mart: 'm-1' }],
        [404, undefined, { query: 'jam', mart: 'm-1' }],
      ],
    );
    const [getToken] = await vendors.ledger.calls({ vendor: 'portone' });
    assert.deepEqual([getToken?.path, (getToken?.response as { code: number }).code], ['/users/getToken', 0]);
  });

  it('attaches the calls to the scenario without their bodies, which may hold secrets', async () => {
    await token();
    const attached = await endScenario(vendors);
    assert.deepEqual(attached, [
      { vendor: 'portone', operation: 'POST /users/getToken', operationId: 'getToken', status: 200 },
    ]);
    assert.deepEqual(await vendors.ledger.calls(), []);
  });
});
