import { http } from 'msw';
import { withFault } from '../../../mocks/contracts/faults.ts';
import { portoneBaseUrl, unauthorized } from '../../../mocks/portone/handlers.ts';
import { portone } from '../../../mocks/vendors.ts';
import type { Payment } from '../../../mocks/portone/fake.ts';
import type { ImpUid } from '../../../src/payment/payment.types.ts';
import type { PolicyWorld } from '../world.ts';
import { PaymentGatewayCalls } from './payment-gateway-calls.ts';

/** The mocked payment company: what customers do in its payment window, its faults, and the calls it received. */
export class PaymentGateway {
  readonly #payments = new Map<string, ImpUid>();
  #calls: PaymentGatewayCalls | undefined;

  constructor(private readonly world: PolicyWorld) {}

  /** Starts recording the calls the payment company receives (once per scenario); payment drivers call it first. */
  record(): PaymentGatewayCalls {
    this.#calls ??= new PaymentGatewayCalls(this.world.resources.vendors.server, this.world.cleanups);
    return this.#calls;
  }

  /** The calls the payment company received since the scenario's first payment step. */
  get calls(): PaymentGatewayCalls {
    return this.record();
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
    this.#use(...portone.faults.down());
  }

  connectionFails(): void {
    this.#use(...portone.faults.networkError());
  }

  /** Hangs until the platform gives up; the platform's time limit is shortened to 50 ms so nobody waits long. */
  stopsAnsweringInTime(): void {
    // The running app reads its time limit from this config object on each call: no restart, the token stays.
    this.world.config.paymentGateway.timeoutMs = 50;
    this.#use(...portone.faults.slow());
  }

  /** The next cancel or prepare is carried out, but the connection drops before its answer arrives. */
  losesNextAnswer(operation: 'cancel' | 'prepare'): void {
    this.#use(...(operation === 'cancel' ? portone.faults.cancelAnswerLost() : portone.faults.prepareAnswerLost()));
  }

  /** The next `count` payment calls answer 503; later ones are answered normally. */
  failNextCalls(count: number): void {
    const once = () =>
      http.all(
        `${portoneBaseUrl}/payments/*`,
        () =>
          withFault(
            Response.json({ code: -1, message: 'Service Unavailable', response: null }, { status: 503 }),
            'down',
          ),
        { once: true },
      );
    this.#use(...Array.from({ length: count }, once));
  }

  /** The next payment call answers 401, as if the token had expired early; later ones are answered normally. */
  refuseTokenOnce(): void {
    this.#use(
      http.all(`${portoneBaseUrl}/payments/*`, () => withFault(unauthorized(), 'tokenExpired'), { once: true }),
    );
  }

  refuseEveryToken(): void {
    this.#use(...portone.faults.tokenExpired());
  }

  /** Every fault ends: the payment company answers normally again. */
  back(): void {
    this.world.resources.vendors.server.resetHandlers();
  }

  #use(...handlers: Parameters<PolicyWorld['resources']['vendors']['server']['use']>): void {
    this.record();
    this.world.resources.vendors.server.use(...handlers);
  }
}
