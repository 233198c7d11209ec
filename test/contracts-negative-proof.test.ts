import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { http, HttpResponse } from 'msw';
import { assertVendorsHeld, endScenario } from '../mocks/server.ts';
import { portone, slack } from '../mocks/vendors.ts';
import { useMockVendors } from './support/mock-vendors.ts';

const base = 'https://api.iamport.kr';

describe('contract enforcement fails the run when a mock or a client breaks the contract', () => {
  const vendors = useMockVendors();
  afterEach(() => endScenario(vendors));

  /** The scenario's vendor check, as the After hook runs it: the error message, or undefined if all held. */
  async function violations(): Promise<string | undefined> {
    await endScenario(vendors);
    try {
      assertVendorsHeld(vendors);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  }

  const payment = {
    imp_uid: 'imp_1',
    merchant_uid: 'o-1',
    amount: 10_000,
    cancel_amount: 0,
    currency: 'KRW',
    status: 'paid',
    sandbox: true,
  };

  it('a mock answering a field of the wrong type', async () => {
    vendors.server.use(
      http.get(`${base}/payments/:imp_uid`, () =>
        HttpResponse.json({ code: 0, message: null, response: { ...payment, cancel_amount: '0' } }),
      ),
    );
    await fetch(`${base}/payments/imp_1`);
    assert.match(
      (await violations()) ?? '',
      /portone GET \/payments\/\{imp_uid\} \(getPaymentByImpUid\), response 200: response body: field 'response\.cancel_amount' must be number/,
    );
  });

  it('a mock leaving out a required field', async () => {
    const withoutStatus: Partial<typeof payment> = { ...payment };
    delete withoutStatus.status;
    vendors.server.use(
      http.get(`${base}/payments/:imp_uid`, () =>
        HttpResponse.json({ code: 0, message: null, response: withoutStatus }),
      ),
    );
    await fetch(`${base}/payments/imp_1`);
    assert.match(
      (await violations()) ?? '',
      /response 200: response body: required field 'response\.status' is missing/,
    );
  });

  it('a client sending a field the contract does not have', async () => {
    await fetch(`${base}/payments/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ merchant_uid: 'o-1', amount: 1000, refund_reason_code: 'duplicate' }),
    });
    assert.match(
      (await violations()) ?? '',
      /portone POST \/payments\/cancel \(cancelPayment\), request: request body: field 'refund_reason_code' is not in the contract/,
    );
  });

  it('a client sending a field of the wrong type in a form body', async () => {
    await fetch(`${base}/payments/prepare`, {
      method: 'POST',
      body: new URLSearchParams({ merchant_uid: 'o-1', amount: 'ten thousand' }),
    });
    assert.match((await violations()) ?? '', /preparePayment\), request: request body: field 'amount' must be number/);
  });

  it('a mock answering 429 without the Retry-After the contract promises', async () => {
    vendors.server.use(
      http.post(
        'https://hooks.slack.com/services/*',
        () => new HttpResponse('rate_limited', { status: 429, headers: { 'content-type': 'text/plain' } }),
      ),
    );
    await fetch(slackWebhook(), {
      method: 'POST',
      body: JSON.stringify({ text: 'hi' }),
      headers: { 'content-type': 'application/json' },
    });
    assert.match(
      (await violations()) ?? '',
      /slack POST \/services\/\{team\}\/\{channel\}\/\{secret\} \(postWebhookMessage\), response 429: response header 'Retry-After' is required/,
    );
  });

  it('a status the contract does not document, and an operation it does not have', async () => {
    vendors.server.use(
      http.get(`${base}/payments/:imp_uid`, () => HttpResponse.json({}, { status: 418 })),
      http.get(`${base}/certifications/:id`, () => HttpResponse.json({})),
    );
    await fetch(`${base}/payments/imp_1`);
    await fetch(`${base}/certifications/c-1`);
    const message = (await violations()) ?? '';
    assert.match(message, /response 418: status 418 is not in the contract \(documented: 200, 401, 404\)/);
    assert.match(message, /portone GET \/certifications\/c-1: the contract has no such operation/);
  });

  it('lets a named fault mode break the contract on purpose, and records it', async () => {
    vendors.server.use(...portone.faults.malformedBody());
    await fetch(`${base}/payments/imp_1`).then((r) => r.text());
    await vendors.contracts.settle();
    assert.deepEqual(vendors.contracts.takeCalls(), [
      {
        vendor: 'portone',
        operation: 'GET /payments/{imp_uid}',
        operationId: 'getPaymentByImpUid',
        status: 200,
        fault: 'malformedBody',
      },
    ]);
    assert.equal(await violations(), undefined);
  });
});

const slackWebhook = (): string => [...slack.state.webhooks][0] ?? '';
