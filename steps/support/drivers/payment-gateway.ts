import type { VendorExchange } from '../../../mocks/contracts/ledger.ts';
import type { Payment } from '../../../mocks/portone/fake.ts';
import { portone } from '../../../mocks/vendors.ts';
import type { ImpUid } from '../../../src/payment/payment.types.ts';
import type { PolicyWorld } from '../world.ts';
import { passTimeWhileHanging } from './hanging-vendor.ts';

/** What the platform asked the payment company, in the words the policies use. */
export type GatewayRequest =
  | 'for an access token'
  | 'to expect a payment'
  | 'for the amount it expects'
  | 'for a payment'
  | 'to cancel a payment'
  | 'for something else';

/** PortOne's operations (`operationId` in its contract), in the policies' words. */
const REQUESTS: Record<string, GatewayRequest> = {
  getToken: 'for an access token',
  preparePayment: 'to expect a payment',
  getPaymentPrepareByMerchantUid: 'for the amount it expects',
  getPaymentByImpUid: 'for a payment',
  cancelPayment: 'to cancel a payment',
};

/** One call the payment company received, and what it answered. */
export interface GatewayCall {
  request: GatewayRequest;
  /** The JSON body sent, if any. */
  body: Record<string, unknown> | undefined;
  status: number | 'no-response';
  /** PortOne's envelope code and message. */
  code: number | undefined;
  message: string | null | undefined;
}

/**
 * The mocked payment company: what customers do in its payment window, its faults, and the calls it received
 * (read from the vendor ledger, which records every call from the scenario's start).
 */
export class PaymentGateway {
  readonly #payments = new Map<string, ImpUid>();
  #mark = 0;
  /** Ends the clock's passing while the payment company hangs (see `stopsAnsweringInTime`). */
  #stopHanging: (() => void) | undefined;

  constructor(private readonly world: PolicyWorld) {}

  /** From now on, `callsSinceMark()` counts the calls made after this point. */
  mark(): void {
    this.#mark = this.world.vendors.ledger.size;
  }

  /** Every call the payment company received in the scenario. */
  async calls(): Promise<GatewayCall[]> {
    return (await this.world.vendors.ledger.calls({ vendor: portone.name })).map(callOf);
  }

  async callsSinceMark(): Promise<GatewayCall[]> {
    return (await this.world.vendors.ledger.calls({ vendor: portone.name, since: this.#mark })).map(callOf);
  }

  /** The bodies of the calls made `request`. */
  async bodies(request: GatewayRequest): Promise<Record<string, unknown>[]> {
    return (await this.calls()).filter((c) => c.request === request).map((c) => c.body ?? {});
  }

  /** The calls made `request` that were answered. */
  async answers(request: GatewayRequest): Promise<GatewayCall[]> {
    return (await this.calls()).filter((c) => c.request === request && c.status !== 'no-response');
  }

  /** The customer pays the prepared amount in the payment window; `change` tampers with the result. */
  pay(customer: string, change: Partial<Payment> = {}): Payment {
    const payment = Object.assign(portone.state.pay(this.world.payments.orderId(customer)), change);
    this.#payments.set(customer, payment.imp_uid as ImpUid);
    return payment;
  }

  /** The customer's latest payment. */
  paymentOf(customer: string): ImpUid {
    const impUid = this.#payments.get(customer);
    if (!impUid) throw new Error(`${customer} has not paid in this scenario`);
    return impUid;
  }

  /** The payment as the payment company holds it. */
  stateOf(customer: string): Payment {
    return portone.state.payments.get(this.paymentOf(customer))!;
  }

  /** A cancel made directly at the payment company (its admin console), behind the platform's back. */
  cancelDirectly(customer: string, amountKrw: number): void {
    const result = portone.state.cancel({ imp_uid: this.paymentOf(customer), amount: amountKrw });
    if (typeof result === 'string') throw new Error(`the payment company refused the direct cancel: ${result}`);
  }

  down(): void {
    this.world.vendors.faults.fail(portone, 'down');
  }

  connectionFails(): void {
    this.world.vendors.faults.fail(portone, 'networkError');
  }

  /** Hangs until the platform gives up: each call lets the scenario's clock pass the platform's time limit. */
  stopsAnsweringInTime(): void {
    this.world.vendors.faults.fail(portone, 'slow');
    this.#stopHanging ??= passTimeWhileHanging(
      this.world,
      portone.name,
      () => this.world.config.paymentGateway.timeoutMs,
    );
  }

  /** The next cancel or prepare is carried out, but the connection drops before its answer arrives. */
  losesNextAnswer(operation: 'cancel' | 'prepare'): void {
    this.world.vendors.faults.fail(portone, operation === 'cancel' ? 'cancelAnswerLost' : 'prepareAnswerLost');
  }

  /** The next `count` payment calls answer 503; later ones are answered normally. */
  failNextCalls(count: number): void {
    this.world.vendors.faults.fail(portone, 'paymentCallsDown', { calls: count });
  }

  /** The next payment call answers 401, as if the token had expired early; later ones are answered normally. */
  refuseTokenOnce(): void {
    this.world.vendors.faults.fail(portone, 'tokenExpiredOnce');
  }

  refuseEveryToken(): void {
    this.world.vendors.faults.fail(portone, 'tokenExpired');
  }

  /** Every fault of the payment company ends: it answers normally again; other vendors' faults stay. */
  back(): void {
    this.world.vendors.faults.restore(portone);
    this.#stopHanging?.();
    this.#stopHanging = undefined;
  }
}

function callOf(exchange: VendorExchange): GatewayCall {
  const answer = exchange.response as { code?: number; message?: string | null } | undefined;
  return {
    request: REQUESTS[exchange.operationId] ?? 'for something else',
    body: exchange.request as Record<string, unknown> | undefined,
    status: exchange.status,
    code: answer?.code,
    message: answer?.message,
  };
}
