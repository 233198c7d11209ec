// PortOne refuses inside a 200 answer (a non-zero `code`): the calls attached to a scenario carry that code, so the
// contract pages and diagrams show a refusal as PortOne sent it, not as a success.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { portoneBaseUrl } from '../mocks/portone/handlers.ts';
import { endScenario } from '../mocks/server.ts';
import { portone } from '../mocks/vendors.ts';
import { useMockVendors } from './support/mock-vendors.ts';

describe("a vendor's refusal codes", () => {
  const vendors = useMockVendors();

  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${portoneBaseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
      body: JSON.stringify(body),
    });

  it('are recorded with each call: none for a success, the code for a refusal or an error', async () => {
    await endScenario(vendors);
    const answer = (await (await post('/users/getToken', portone.state.credentials)).json()) as {
      response: { access_token: string };
    };
    const refused = await post(
      '/payments/cancel',
      { imp_uid: 'imp_unknown', reason: 'test' },
      answer.response.access_token,
    );
    assert.equal(refused.status, 200);
    await post('/users/getToken', { ...portone.state.credentials, imp_secret: 'wrong' });
    const calls = await endScenario(vendors);
    assert.deepEqual(
      calls.map((call) => [call.operation, call.status, call.code]),
      [
        ['POST /users/getToken', 200, undefined],
        ['POST /payments/cancel', 200, 1],
        ['POST /users/getToken', 401, -1],
      ],
    );
  });
});
