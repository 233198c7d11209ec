import { createSigner, createVerifier } from 'fast-jwt';
import type { FastifyRequest } from 'fastify';
import type { Brand } from './brand.ts';
import { HOUR, type Clock } from './clock.ts';
import { DomainError } from './errors.ts';

export type CustomerId = Brand<string, 'CustomerId'>;
export type ManagerId = Brand<string, 'ManagerId'>;
export type MartId = Brand<string, 'MartId'>;
export type OperatorId = Brand<string, 'OperatorId'>;
/** A signed bearer token. Only the token service makes one. */
export type BearerToken = Brand<string, 'BearerToken'>;

/** Who is calling, as proven by a signed bearer token. */
export type Principal =
  | { role: 'customer'; customerId: CustomerId }
  | { role: 'manager'; managerId: ManagerId; martIds: readonly MartId[] }
  /** Someone who runs the platform: sees its internal state (breakers), touches no cart or mart. */
  | { role: 'operator'; operatorId: OperatorId };

interface Claims {
  sub: string;
  role: Principal['role'];
  marts?: string[];
  iat: number;
}

export interface TokenService {
  issue(principal: Principal, ttlMs?: number): BearerToken;
  /** The principal behind an `Authorization: Bearer …` header; 401 when absent, forged or expired. */
  authenticate(request: FastifyRequest): Principal;
}

const unauthenticated = (message: string) => new DomainError(401, 'UNAUTHENTICATED', message);

export function createTokenService(secret: string, clock: Clock): TokenService {
  // Making a signer or verifier costs more than using it: one signer per lifetime (the claims carry their iat), and
  // the verifier of the last instant asked (it checks expiry against a time fixed when made; a fake clock stands),
  // with the claims of the tokens it accepted: the same token at the same instant is not verified again.
  const signers = new Map<number, (claims: Claims) => string>();
  const signerFor = (ttlMs: number) => {
    let sign = signers.get(ttlMs);
    if (!sign) signers.set(ttlMs, (sign = createSigner({ key: secret, algorithm: 'HS256', expiresIn: ttlMs })));
    return sign;
  };
  let verifier: { at: number; verify: (token: string) => unknown; accepted: Map<string, Claims> } | undefined;
  const verifierAt = (at: number) => {
    if (verifier?.at !== at) {
      const verify = createVerifier({ key: secret, algorithms: ['HS256'], clockTimestamp: at });
      verifier = { at, verify, accepted: new Map() };
    }
    return verifier;
  };
  const claimsOf = (token: string): Claims => {
    const { verify, accepted } = verifierAt(clock.now());
    let claims = accepted.get(token);
    if (!claims) accepted.set(token, (claims = verify(token) as Claims));
    return claims;
  };
  return {
    issue(principal, ttlMs = HOUR) {
      const iat = Math.floor(clock.now() / 1000);
      const claims: Claims =
        principal.role === 'customer'
          ? { sub: principal.customerId, role: 'customer', iat }
          : principal.role === 'manager'
            ? { sub: principal.managerId, role: 'manager', marts: [...principal.martIds], iat }
            : { sub: principal.operatorId, role: 'operator', iat };
      return signerFor(ttlMs)(claims) as BearerToken;
    },
    authenticate(request) {
      const header = request.headers.authorization;
      const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
      if (!token) throw unauthenticated('Sign in first: this needs an Authorization: Bearer token.');
      let claims: Claims;
      try {
        claims = claimsOf(token);
      } catch {
        throw unauthenticated('The bearer token is invalid or has expired.');
      }
      switch (claims.role) {
        case 'manager':
          return { role: 'manager', managerId: claims.sub as ManagerId, martIds: (claims.marts ?? []) as MartId[] };
        case 'operator':
          return { role: 'operator', operatorId: claims.sub as OperatorId };
        case 'customer':
          return { role: 'customer', customerId: claims.sub as CustomerId };
        default:
          throw unauthenticated('The bearer token names no role the platform knows.');
      }
    },
  };
}

/** The calling customer; a mart manager's token is refused here (403). */
export function requireCustomer(tokens: TokenService, request: FastifyRequest): CustomerId {
  const principal = tokens.authenticate(request);
  if (principal.role !== 'customer') {
    throw new DomainError(403, 'CUSTOMERS_ONLY', 'Only a customer can do this.');
  }
  return principal.customerId;
}

/** The calling manager, who must manage `martId` (403 otherwise). */
export function requireManagerOf(tokens: TokenService, request: FastifyRequest, martId: string): ManagerId {
  const principal = tokens.authenticate(request);
  if (principal.role !== 'manager' || !principal.martIds.includes(martId as MartId)) {
    throw new DomainError(403, 'NOT_MART_MANAGER', 'Only a manager of this mart can do this.');
  }
  return principal.managerId;
}

/** The calling operator; customers and managers are refused (403). */
export function requireOperator(tokens: TokenService, request: FastifyRequest): OperatorId {
  const principal = tokens.authenticate(request);
  if (principal.role !== 'operator')
    throw new DomainError(403, 'OPERATORS_ONLY', 'Only someone who runs the platform can see this.');
  return principal.operatorId;
}
