import { deadline, type TimerClock } from '../platform/clock.ts';
import type { Logger } from '../platform/logger.ts';
import { retrying, type Retry } from '../platform/retry.ts';
import type { PaymentGatewayConfig } from './payment.config.ts';
import type { ImpUid, OrderId } from './payment.types.ts';
import { GatewayRefused, GatewayUnreachable } from './portone.errors.ts';
import { TokenCache, type AccessToken, type IssuedToken } from './portone.token.ts';

/** The fields of a PortOne payment the platform relies on. */
export interface GatewayPayment {
  imp_uid: string;
  merchant_uid: string;
  /** `ready` | `paid` | `cancelled` | `failed` */
  status: string;
  amount: number;
  cancel_amount: number;
  /** Every cancel, oldest first. */
  cancel_history?: { amount: number; reason: string; cancelled_at: number }[] | null;
}

export interface CancelRequest {
  impUid: ImpUid;
  amountKrw: number;
  /** The cancellable amount the platform believes remains; the gateway refuses the cancel if it differs. */
  checksumKrw: number;
  reason: string;
}

interface Envelope<T> {
  code: number;
  message: string | null;
  response: T | null;
}

type Method = 'GET' | 'POST';

/**
 * PortOne v1 over `fetch`. Every call carries the shared access token; a `401` renews the token once and
 * repeats the call once. Network errors, timeouts and 5xx are retried with backoff (a refusal never is);
 * when the tries run out the last error is thrown for the caller's fallback.
 */
export class PortOneClient {
  readonly #tokens: TokenCache;
  readonly #retry: Retry;

  constructor(
    private readonly config: PaymentGatewayConfig,
    private readonly clock: TimerClock,
    logger: Logger,
  ) {
    this.#tokens = new TokenCache(() => this.#requestToken(), this.clock);
    this.#retry = retrying(
      config.retry,
      (error) => error instanceof GatewayUnreachable,
      ({ attempt, delayMs, error }) =>
        logger.warn(
          { attempt, delayMs, reason: error instanceof Error ? error.message : String(error) },
          'payment gateway call failed; retrying',
        ),
    );
  }

  getPayment(impUid: ImpUid): Promise<GatewayPayment> {
    return this.#call<GatewayPayment>('GET', `/payments/${encodeURIComponent(impUid)}`);
  }

  /** Registers the amount an order must be paid with; the gateway refuses a payment of any other amount. */
  async prepare(orderId: OrderId, amountKrw: number): Promise<void> {
    await this.#call('POST', '/payments/prepare', { merchant_uid: orderId, amount: amountKrw });
  }

  /** The amount registered for an order, or undefined when the gateway has none (it refuses the look-up). */
  async preparedAmount(orderId: OrderId): Promise<number | undefined> {
    try {
      return (await this.#call<{ amount: number }>('GET', `/payments/prepare/${encodeURIComponent(orderId)}`)).amount;
    } catch (error) {
      if (error instanceof GatewayRefused) return undefined;
      throw error;
    }
  }

  cancel(request: CancelRequest): Promise<GatewayPayment> {
    return this.#call<GatewayPayment>('POST', '/payments/cancel', {
      imp_uid: request.impUid,
      amount: request.amountKrw,
      checksum: request.checksumKrw,
      reason: request.reason,
    });
  }

  #call<T>(method: Method, path: string, body?: object): Promise<T> {
    return this.#retry.execute(() => this.#authorized<T>(method, path, body));
  }

  async #authorized<T>(method: Method, path: string, body?: object): Promise<T> {
    const token = await this.#tokens.get();
    try {
      return await this.#send<T>(method, path, body, token);
    } catch (error) {
      if (!(error instanceof GatewayRefused && error.status === 401)) throw error;
      this.#tokens.discard(token);
      return this.#send<T>(method, path, body, await this.#tokens.get());
    }
  }

  async #requestToken(): Promise<IssuedToken> {
    const credentials = { imp_key: this.config.apiKey, imp_secret: this.config.apiSecret };
    const issued = await this.#send<{ access_token: string; expired_at: number; now: number }>(
      'POST',
      '/users/getToken',
      credentials,
    );
    return { token: issued.access_token as AccessToken, lifetimeMs: (issued.expired_at - issued.now) * 1000 };
  }

  async #send<T>(method: Method, path: string, body: object | undefined, token?: AccessToken): Promise<T> {
    const what = `${method} ${path}`;
    let response: Response;
    let envelope: Envelope<T> | undefined;
    const timeout = deadline(this.clock, this.config.timeoutMs);
    try {
      response = await fetch(`${this.config.baseUrl}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: token } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: timeout.signal,
      });
      envelope = (await response.json().catch(() => undefined)) as Envelope<T> | undefined;
    } catch (error) {
      throw new GatewayUnreachable(`${what}: no answer (${error instanceof Error ? error.message : String(error)})`, {
        cause: error,
      });
    } finally {
      timeout.clear();
    }
    if (response.status >= 500) throw new GatewayUnreachable(`${what}: answered ${response.status}`);
    if (response.status >= 400 || (envelope && envelope.code !== 0)) {
      throw new GatewayRefused(
        response.status,
        envelope?.code,
        `${what}: refused (${response.status}, ${envelope?.message ?? 'no message'})`,
      );
    }
    if (!envelope?.response)
      throw new GatewayUnreachable(`${what}: answered ${response.status} with an unreadable body`);
    return envelope.response;
  }
}
