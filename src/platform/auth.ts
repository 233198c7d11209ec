import { createSigner, createVerifier } from 'fast-jwt';
import type { FastifyRequest } from 'fastify';
import type { Brand } from './brand.ts';
import { HOUR, type Clock } from './clock.ts';
import { DomainError } from './errors.ts';

export type CustomerId = Brand<string, 'CustomerId'>;
export type ManagerId = Brand<string, 'ManagerId'>;
export type MartId = Brand<string, 'MartId'>;
/** A signed bearer token. Only the token service makes one. */
export type BearerToken = Brand<string, 'BearerToken'>;

/** Who is calling, as proven by a signed bearer token. */
export type Principal =
  | { role: 'customer'; customerId: CustomerId }
  | { role: 'manager'; managerId: ManagerId; martIds: readonly MartId[] };

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
  return {
    issue(principal, ttlMs = HOUR) {
      const claims: Claims =
        principal.role === 'customer'
          ? { sub: principal.customerId, role: 'customer', iat: Math.floor(clock.now() / 1000) }
          : { sub: principal.managerId, role: 'manager', marts: [...principal.martIds], iat: Math.floor(clock.now() / 1000) };
      const sign = createSigner({ key: secret, algorithm: 'HS256', expiresIn: ttlMs });
      return sign(claims) as BearerToken;
    },
    authenticate(request) {
      const header = request.headers.authorization;
      const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
      if (!token) throw unauthenticated('Sign in first: this needs an Authorization: Bearer token.');
      let claims: Claims;
      try {
        const verify = createVerifier({ key: secret, algorithms: ['HS256'], clockTimestamp: clock.now() });
        claims = verify(token) as Claims;
      } catch {
        throw unauthenticated('The bearer token is invalid or has expired.');
      }
      return claims.role === 'manager'
        ? { role: 'manager', managerId: claims.sub as ManagerId, martIds: (claims.marts ?? []) as MartId[] }
        : { role: 'customer', customerId: claims.sub as CustomerId };
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
