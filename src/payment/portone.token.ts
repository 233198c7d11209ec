import type { Brand } from '../platform/brand.ts';
import { MINUTE, type Clock } from '../platform/clock.ts';

/** A PortOne access token: only the token cache makes one, and it goes nowhere but the Authorization header. */
export type AccessToken = Brand<string, 'PortOneAccessToken'>;

export interface IssuedToken {
  token: AccessToken;
  /** How long the gateway says the token lives from now. */
  lifetimeMs: number;
}

/** A token with less life left than this is renewed before use. */
export const REFRESH_BEFORE_EXPIRY_MS = MINUTE;

/**
 * Holds the gateway's access token: reused while it has at least a minute of life left (by the platform's
 * clock), renewed otherwise. Callers that find no usable token share one in-flight request for a new one, so
 * a thousand concurrent payment calls cause exactly one token request.
 */
export class TokenCache {
  #current: { token: AccessToken; expiresAt: number } | undefined;
  #inFlight: Promise<AccessToken> | undefined;

  constructor(
    private readonly requestToken: () => Promise<IssuedToken>,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<AccessToken> {
    const current = this.#current;
    if (current && current.expiresAt - this.clock.now() >= REFRESH_BEFORE_EXPIRY_MS) return current.token;
    this.#inFlight ??= this.#renew().finally(() => (this.#inFlight = undefined));
    return this.#inFlight;
  }

  /** Forgets a token the gateway refused, unless it was replaced already. */
  discard(token: AccessToken): void {
    if (this.#current?.token === token) this.#current = undefined;
  }

  async #renew(): Promise<AccessToken> {
    const issued = await this.requestToken();
    this.#current = { token: issued.token, expiresAt: this.clock.now() + issued.lifetimeMs };
    return issued.token;
  }
}
