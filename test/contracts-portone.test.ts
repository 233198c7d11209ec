import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { assertVendorsHeld, endScenario } from '../mocks/server.ts';
import { portone } from '../mocks/vendors.ts';
import { useMockVendors } from './support/mock-vendors.ts';

const base = 'https://api.iamport.kr';
const minute = 60_000;

describe('the PortOne fake keeps the vendor rules and its own contract', () => {
  const vendors = useMockVendors();
  let now = Date.UTC(2026, 0, 5, 9);
  beforeEach(async () => {
    await endScenario(vendors);
    now = Date.UTC(2026, 0, 5, 9);
    portone.state.now = () => now;
  });

  /** Sends a PortOne call and returns its status and envelope; every exchange must hold to the contract. */
  async function call(method: string, path: string, body?: object, token?: string) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const envelope = (await response.json()) as {
      code: number;
      message: string | null;
      response: Record<string, unknown> | null;
    };
    await vendors.contracts.settle();
    assertVendorsHeld(vendors);
    return { status: response.status, ...envelope };
  }

  const credentials = { imp_key: portone.state.credentials.imp_key, imp_secret: portone.state.credentials.imp_secret };
  const token = async (): Promise<{ access_token: string; expired_at: number }> =>
    (await call('POST', '/users/getToken', credentials)).response as { access_token: string; expired_at: number };

  it('issues a token for 30 minutes and gives the same one back before it expires', async () => {
    const first = await token();
    assert.equal(first.expired_at, now / 1000 + 30 * 60);
    now += 10 * minute;
    assert.deepEqual(await token(), { ...first, now: now / 1000 });
  });

  it('extends the token by 5 minutes when asked within its last minute, and issues a new one after expiry', async () => {
    const first = await token();
    now += 29.5 * minute;
    const extended = await token();
    assert.equal(extended.access_token, first.access_token);
    assert.equal(extended.expired_at, first.expired_at + 5 * 60);
    now = extended.expired_at * 1000;
    assert.equal((await call('GET', '/payments/prepare/o-1', undefined, first.access_token)).status, 401);
    assert.notEqual((await token()).access_token, first.access_token);
  });

  it('refuses wrong credentials with 401', async () => {
    assert.equal((await call('POST', '/users/getToken', { ...credentials, imp_secret: 'wrong' })).status, 401);
  });

  it('prepares an amount, and cancels a payment in parts down to zero with the checksum rule', async () => {
    const { access_token } = await token();
    assert.deepEqual(
      (await call('POST', '/payments/prepare', { merchant_uid: 'o-1', amount: 10_000 }, access_token)).response,
      {
        merchant_uid: 'o-1',
        amount: 10_000,
      },
    );
    assert.equal((await call('GET', '/payments/prepare/o-1', undefined, access_token)).response?.amount, 10_000);
    const { imp_uid } = portone.state.pay('o-1');

    const partial = await call(
      'POST',
      '/payments/cancel',
      { imp_uid, amount: 3_000, checksum: 10_000, reason: 'one item out of stock' },
      access_token,
    );
    assert.deepEqual([partial.code, partial.response?.cancel_amount, partial.response?.status], [0, 3_000, 'paid']);

    const duplicate = await call(
      'POST',
      '/payments/cancel',
      { imp_uid, amount: 3_000, checksum: 10_000 },
      access_token,
    );
    assert.deepEqual(
      [duplicate.code, duplicate.message],
      [1, 'checksum 10000 does not match the cancellable amount 7000'],
    );

    const rest = await call('POST', '/payments/cancel', { merchant_uid: 'o-1', checksum: 7_000 }, access_token);
    assert.deepEqual([rest.response?.cancel_amount, rest.response?.status], [10_000, 'cancelled']);
    assert.equal((await call('GET', `/payments/${imp_uid}`, undefined, access_token)).response?.status, 'cancelled');
  });

  it('answers 404 for an unknown payment and refuses a duplicate prepare', async () => {
    const { access_token } = await token();
    assert.equal((await call('GET', '/payments/imp_unknown', undefined, access_token)).status, 404);
    await call('POST', '/payments/prepare', { merchant_uid: 'o-2', amount: 5_000 }, access_token);
    assert.equal(
      (await call('POST', '/payments/prepare', { merchant_uid: 'o-2', amount: 5_000 }, access_token)).code,
      1,
    );
  });

  it('records each call by operation for the scenario report', async () => {
    await token();
    await vendors.contracts.settle();
    assert.deepEqual(vendors.contracts.takeCalls(), [
      { vendor: 'portone', operation: 'POST /users/getToken', operationId: 'getToken', status: 200 },
    ]);
  });

  it('has named fault modes: down, rate limited, expired token, cancel refused by checksum', async () => {
    const { access_token } = await token();
    /** Each fault replaces the one before: PortOne is restored, then fails in the next mode. */
    const only = (fail: () => void): void => {
      vendors.faults.restore(portone);
      fail();
    };
    only(() => vendors.faults.fail(portone, 'tokenExpired'));
    assert.equal((await call('GET', '/payments/imp_1', undefined, access_token)).status, 401);
    only(() => vendors.faults.fail(portone, 'cancelRefusedByChecksum'));
    assert.equal((await call('POST', '/payments/cancel', { imp_uid: 'imp_1', checksum: 1 }, access_token)).code, 1);
    only(() => vendors.faults.fail(portone, 'rateLimited', { retryAfterSeconds: 7 }));
    const limited = await fetch(`${base}/payments/imp_1`);
    assert.deepEqual([limited.status, limited.headers.get('retry-after')], [429, '7']);
    only(() => vendors.faults.fail(portone, 'down'));
    assert.equal((await fetch(`${base}/payments/imp_1`)).status, 503);
  });

  it('slow: holds the request until the client gives up, without sleeping', async () => {
    vendors.server.use(...portone.faults.slow());
    const client = new AbortController();
    const pending = fetch(`${base}/payments/imp_1`, { signal: client.signal });
    client.abort(new Error('client timeout'));
    await assert.rejects(pending, /client timeout/);
  });
});
