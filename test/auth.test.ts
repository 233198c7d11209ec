import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSigner } from 'fast-jwt';
import type { FastifyRequest } from 'fastify';
import { createTokenService, requireOperator, type OperatorId, type Principal } from '../src/platform/auth.ts';
import { FakeClock } from '../src/platform/clock.ts';
import { DomainError } from '../src/platform/errors.ts';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } }) as FastifyRequest;
const refusedWith = (status: number, code: string) => (error: unknown) =>
  error instanceof DomainError && error.status === status && error.code === code;

describe('bearer tokens', () => {
  const clock = new FakeClock();
  const tokens = createTokenService(SECRET, clock);

  it('carry each role through a round trip', () => {
    const principals: Principal[] = [
      { role: 'customer', customerId: 'customer-1' as never },
      { role: 'manager', managerId: 'manager-1' as never, martIds: ['mart-1' as never] },
      { role: 'operator', operatorId: 'operator-1' as OperatorId },
    ];
    for (const principal of principals)
      assert.deepEqual(tokens.authenticate(bearer(tokens.issue(principal))), principal);
  });

  it('refuse a correctly signed token whose role the platform does not know', () => {
    const token = createSigner({ key: SECRET, algorithm: 'HS256' })({
      sub: 'someone',
      role: 'admin',
      iat: Math.floor(clock.now() / 1000),
    });
    assert.throws(() => tokens.authenticate(bearer(token)), refusedWith(401, 'UNAUTHENTICATED'));
  });

  it('accepted at one instant, are still checked against the next (expiry, tampering)', () => {
    const token = tokens.issue({ role: 'customer', customerId: 'customer-1' as never }, 60_000);
    assert.equal(tokens.authenticate(bearer(token)).role, 'customer');
    assert.throws(() => tokens.authenticate(bearer(`${token}x`)), refusedWith(401, 'UNAUTHENTICATED'));
    clock.advance(60_001);
    assert.throws(() => tokens.authenticate(bearer(token)), refusedWith(401, 'UNAUTHENTICATED'));
  });

  it('let only operators see internal state', () => {
    const operator = tokens.issue({ role: 'operator', operatorId: 'operator-1' as OperatorId });
    const customer = tokens.issue({ role: 'customer', customerId: 'customer-1' as never });
    assert.equal(requireOperator(tokens, bearer(operator)), 'operator-1');
    assert.throws(() => requireOperator(tokens, bearer(customer)), refusedWith(403, 'OPERATORS_ONLY'));
  });
});
