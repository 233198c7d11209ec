import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { http } from 'msw';
import { assertVendorsHeld, endScenario } from '../mocks/server.ts';
import { portone } from '../mocks/vendors.ts';
import { portoneBaseUrl, unauthorized } from '../mocks/portone/handlers.ts';
import type { ImpUid, OrderId } from '../src/payment/payment.types.ts';
import { PortOneClient } from '../src/payment/portone.client.ts';
import { GatewayRefused, GatewayUnreachable } from '../src/payment/portone.errors.ts';
import { FakeClock, MINUTE, SECOND } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { useMockVendors } from './support/mock-vendors.ts';

describe('the PortOne client', () => {
  const vendors = useMockVendors();

  let clock: FakeClock;
  let client: PortOneClient;
  const config = loadConfig({ PORTONE_RETRY_INITIAL_DELAY_MS: '0', PORTONE_RETRY_MAX_DELAY_MS: '0' }).paymentGateway;
  /** How many calls such as `GET /payments/imp_1` PortOne received in this test. */
  const count = async (call: string) =>
    (await vendors.ledger.calls({ vendor: 'portone' })).filter((c) => `${c.method} ${c.path}` === call).length;
  const paid = () => {
    portone.state.prepare('ord_1', 5_000);
    return portone.state.pay('ord_1').imp_uid as ImpUid;
  };

  beforeEach(async () => {
    await endScenario(vendors);
    clock = new FakeClock();
    portone.state.now = () => clock.now();
    client = new PortOneClient(config, clock, createLogger('silent'));
  });

  it('shares one token request among 1,000 concurrent calls', async () => {
    const impUid = paid();
    const payments = await Promise.all(Array.from({ length: 1_000 }, () => client.getPayment(impUid)));
    assert.equal(payments.length, 1_000);
    assert.equal(await count('POST /users/getToken'), 1);
    assert.equal(await count(`GET /payments/${impUid}`), 1_000);
    await vendors.contracts.settle();
    assertVendorsHeld(vendors);
  });

  it('reuses the token while a minute or more is left, and renews it when less is', async () => {
    const impUid = paid();
    await client.getPayment(impUid);
    clock.advance(29 * MINUTE);
    await client.getPayment(impUid);
    assert.equal(await count('POST /users/getToken'), 1);
    clock.advance(30 * SECOND);
    await client.getPayment(impUid);
    assert.equal(await count('POST /users/getToken'), 2);
  });

  it('renews a refused token once and repeats the call once', async () => {
    const impUid = paid();
    await client.getPayment(impUid);
    vendors.server.use(http.get(`${portoneBaseUrl}/payments/:impUid`, () => unauthorized(), { once: true }));
    assert.equal((await client.getPayment(impUid)).status, 'paid');
    vendors.server.use(...portone.faults.tokenExpired());
    await assert.rejects(client.getPayment(impUid), (error) => error instanceof GatewayRefused && error.status === 401);
    assert.equal(await count('POST /users/getToken'), 3);
    assert.equal(await count(`GET /payments/${impUid}`), 5);
  });

  it('tries a call without an answer 3 times in all, and a refusal only once', async () => {
    const impUid = paid();
    await client.getPayment(impUid);
    vendors.faults.fail(portone, 'down');
    await assert.rejects(client.getPayment(impUid), GatewayUnreachable);
    assert.equal(await count(`GET /payments/${impUid}`), 4);
    vendors.faults.restore(portone);
    await assert.rejects(
      client.getPayment('imp_unknown' as ImpUid),
      (error) => error instanceof GatewayRefused && error.status === 404,
    );
    assert.equal(await count('GET /payments/imp_unknown'), 1);
  });

  it('sends the prepared amount and the cancel checksum as the contract names them', async () => {
    await client.prepare('ord_2' as OrderId, 7_300);
    assert.deepEqual(portone.state.prepared.get('ord_2'), { merchant_uid: 'ord_2', amount: 7_300 });
    const impUid = portone.state.pay('ord_2').imp_uid as ImpUid;
    await client.cancel({ impUid, amountKrw: 300, checksumKrw: 7_300, reason: 'one item missing' });
    await assert.rejects(
      client.cancel({ impUid, amountKrw: 300, checksumKrw: 7_300, reason: 'sent twice' }),
      GatewayRefused,
    );
    assert.equal(portone.state.payments.get(impUid)?.cancel_amount, 300);
    await vendors.contracts.settle();
    assertVendorsHeld(vendors);
  });
});
