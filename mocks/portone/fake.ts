import type { components } from './contract.types.ts';

export type Payment = components['schemas']['PaymentAnnotation'];
export type PreparedPayment = components['schemas']['PaymentPrepareAnnotation'];
export type Token = components['schemas']['AuthAnnotation'];
export type CancelRequest = {
  imp_uid?: string;
  merchant_uid?: string;
  amount?: number;
  checksum?: number;
  reason?: string;
};

export const tokenLifetimeMs = 30 * 60_000;
/** Asking for a token within its last minute extends it by five minutes (PortOne's documented rule). */
export const tokenExtensionWindowMs = 60_000;
export const tokenExtensionMs = 5 * 60_000;

const seconds = (ms: number): number => Math.floor(ms / 1000);

/**
 * PortOne v1 as a small stateful fake: one access token at a time, prepared amounts, paid payments and their
 * (partial) cancellations with the remaining cancellable amount. Time comes from `now`, which a scenario points
 * at its fake clock (`portone.state.now = () => world.clock.now()`).
 */
export class PortOneFake {
  now: () => number = Date.now;
  credentials = { imp_key: 'martbook-test-imp-key', imp_secret: 'martbook-test-imp-secret' };
  readonly prepared = new Map<string, PreparedPayment>();
  /** Payments by imp_uid. */
  readonly payments = new Map<string, Payment>();
  #token: { value: string; expiresAt: number } | undefined;
  #issued = 0;

  /** The current token, reused or extended per the vendor's rule, or a new one; undefined for wrong credentials. */
  issueToken(imp_key: string, imp_secret: string): Token | undefined {
    if (imp_key !== this.credentials.imp_key || imp_secret !== this.credentials.imp_secret) return undefined;
    const now = this.now();
    if (!this.#token || this.#token.expiresAt <= now) {
      this.#token = { value: `fake-portone-token-${++this.#issued}`, expiresAt: now + tokenLifetimeMs };
    } else if (this.#token.expiresAt - now <= tokenExtensionWindowMs) {
      this.#token.expiresAt += tokenExtensionMs;
    }
    return { access_token: this.#token.value, expired_at: seconds(this.#token.expiresAt), now: seconds(now) };
  }

  /** Accepts `Authorization: <token>` and `Authorization: Bearer <token>` while the token lives. */
  isAuthorized(authorization: string | null): boolean {
    const value = authorization?.replace(/^Bearer\s+/i, '');
    return this.#token !== undefined && value === this.#token.value && this.now() < this.#token.expiresAt;
  }

  prepare(merchant_uid: string, amount: number, currency?: string): PreparedPayment | string {
    if (this.prepared.has(merchant_uid)) return `merchant_uid ${merchant_uid} is already prepared`;
    const prepared: PreparedPayment = { merchant_uid, amount, ...(currency ? { currency } : {}) };
    this.prepared.set(merchant_uid, prepared);
    return prepared;
  }

  /** The customer pays the prepared amount in the PG window (not an API call: scenarios use it to set the stage). */
  pay(merchant_uid: string, name = 'martbook order'): Payment {
    const prepared = this.prepared.get(merchant_uid);
    if (!prepared) throw new Error(`the PortOne fake has no prepared payment for ${merchant_uid}`);
    const paidAt = seconds(this.now());
    const payment: Payment = {
      imp_uid: `imp_${String(this.payments.size + 1).padStart(12, '0')}`,
      merchant_uid,
      name,
      amount: prepared.amount,
      cancel_amount: 0,
      currency: prepared.currency ?? 'KRW',
      status: 'paid',
      sandbox: true,
      pay_method: 'card',
      pg_provider: 'kcp',
      started_at: paidAt,
      paid_at: paidAt,
      failed_at: 0,
      cancelled_at: 0,
      cancel_history: [],
      cancel_receipt_urls: [],
    };
    this.payments.set(payment.imp_uid, payment);
    return payment;
  }

  find(imp_uid?: string, merchant_uid?: string): Payment | undefined {
    if (imp_uid) return this.payments.get(imp_uid);
    return [...this.payments.values()].find((payment) => payment.merchant_uid === merchant_uid);
  }

  /** A full (no amount, or 0) or partial cancel; refused when `checksum` is not the amount still cancellable. */
  cancel(request: CancelRequest): Payment | string {
    const payment = this.find(request.imp_uid, request.merchant_uid);
    if (!payment) return 'no such payment';
    const cancellable = payment.amount - payment.cancel_amount;
    if (request.checksum !== undefined && request.checksum !== cancellable) {
      return `checksum ${request.checksum} does not match the cancellable amount ${cancellable}`;
    }
    const amount = request.amount || cancellable;
    if (cancellable === 0) return 'the payment is already fully cancelled';
    if (amount > cancellable) return `cannot cancel ${amount}: only ${cancellable} is cancellable`;
    const cancelledAt = seconds(this.now());
    const history = payment.cancel_history ?? [];
    history.push({
      pg_tid: `fake-pg-cancel-${history.length + 1}`,
      amount,
      cancelled_at: cancelledAt,
      reason: request.reason ?? '',
      cancellation_id: `${payment.imp_uid}-cancel-${history.length + 1}`,
    });
    payment.cancel_history = history;
    payment.cancel_amount += amount;
    payment.cancelled_at = cancelledAt;
    if (payment.cancel_amount === payment.amount) payment.status = 'cancelled';
    return payment;
  }

  reset(): void {
    this.now = Date.now;
    this.prepared.clear();
    this.payments.clear();
    this.#token = undefined;
    this.#issued = 0;
  }
}
