import { randomUUID } from 'node:crypto';
import type { OrderView } from '../../../src/payment/order.view.ts';
import type { ImpUid, OrderId, QueuedVerification } from '../../../src/payment/payment.types.ts';
import type { PolicyWorld } from '../world.ts';
import { expectOk, send, type ApiError, type ApiResponse } from './http.ts';

/** Orders and payments, driven through the HTTP API as the customer's app, the mart and the gateway would. */
export class PaymentApi {
  readonly #orders = new Map<string, { id: OrderId; mart: string }>();
  /** The last cancel sent, with its idempotency key, for "the same cancel request again". */
  #lastCancel:
    | { manager: string; customer: string; amountKrw: number | undefined; reason: string; key: string | null }
    | undefined;
  /** Every answer of the last burst of concurrent reports. */
  burstAnswers: ApiResponse<OrderView>[] = [];
  /** Every answer of the last burst of concurrent cancels. */
  cancelAnswers: ApiResponse<OrderView | ApiError>[] = [];

  constructor(private readonly world: PolicyWorld) {}

  async checkout(customer: string, mart: string): Promise<ApiResponse<OrderView>> {
    const json = { martId: this.world.catalog.martId(mart) };
    const response = await this.#send<OrderView>('POST', '/me/orders', customer, json);
    if (response.status === 201) this.#orders.set(customer, { id: response.body.id as OrderId, mart });
    return response;
  }

  orderId(customer: string): OrderId {
    const order = this.#orders.get(customer);
    if (!order) throw new Error(`${customer} has not placed an order in this scenario`);
    return order.id;
  }

  /** The customers who placed an order in this scenario. */
  customers(): string[] {
    return [...this.#orders.keys()];
  }

  /** The order as its customer sees it. */
  async order(customer: string): Promise<OrderView> {
    return expectOk<OrderView>(
      await send(this.world.app, 'GET', `/me/orders/${this.orderId(customer)}`, {
        token: this.world.actors.token(customer),
      }),
      `viewing ${customer}'s order`,
    );
  }

  /** The order as its mart sees it, with the cancel history. */
  async orderAtMart(customer: string): Promise<OrderView> {
    const { id, mart } = this.#orders.get(customer)!;
    const manager = this.world.actors.manager(`manager of ${mart}`, [this.world.catalog.martId(mart)]).name;
    return expectOk<OrderView>(
      await this.#send('GET', `/marts/${this.world.catalog.martId(mart)}/orders/${id}`, manager),
      `viewing ${customer}'s order at the mart`,
    );
  }

  /** `reporter`'s app reports a payment (by default their own latest) for an order (by default their own). */
  report(
    reporter: string,
    body: Record<string, unknown>,
    orderId: string = this.orderId(reporter),
  ): Promise<ApiResponse<OrderView>> {
    return this.#send('POST', `/me/orders/${orderId}/payment`, reporter, body);
  }

  reportPayment(reporter: string, impUid: ImpUid, orderId?: string): Promise<ApiResponse<OrderView>> {
    return this.report(reporter, { impUid }, orderId);
  }

  /** Many reports of one payment at once; every answer is kept. */
  async reportBurst(customer: string, impUid: ImpUid, count: number): Promise<void> {
    const orderId = this.orderId(customer);
    const token = this.world.actors.token(customer);
    this.burstAnswers = await Promise.all(
      Array.from({ length: count }, () =>
        send<OrderView>(this.world.app, 'POST', `/me/orders/${orderId}/payment`, { token, json: { impUid } }),
      ),
    );
  }

  /** A notification as the payment company (or a forger) would send it: no token. */
  async notify(body: Record<string, unknown>): Promise<ApiResponse<unknown>> {
    this.world.lastResponse = await send(this.world.app, 'POST', '/payments/portone/webhook', { json: body });
    return this.world.lastResponse;
  }

  /**
   * `manager` cancels `amountKrw` (everything that remains when undefined) of the customer's order. Like the
   * mart's app, every request carries an idempotency key: a new one, or `key` to send a request again.
   */
  cancel(
    manager: string,
    customer: string,
    amountKrw: number | undefined,
    reason: string,
    key: string | null = randomUUID(),
  ): Promise<ApiResponse<OrderView>> {
    const { id, mart } = this.#orders.get(customer)!;
    this.#lastCancel = { manager, customer, amountKrw, reason, key };
    const json = amountKrw === undefined ? { reason } : { amountKrw, reason };
    return this.#send(
      'POST',
      `/marts/${this.world.catalog.martId(mart)}/orders/${id}/cancellations`,
      manager,
      json,
      key ?? undefined,
    );
  }

  /** A cancel as a client that sends no idempotency key makes it (a script, an older app). */
  cancelWithoutKey(
    manager: string,
    customer: string,
    amountKrw: number,
    reason: string,
  ): Promise<ApiResponse<OrderView>> {
    return this.cancel(manager, customer, amountKrw, reason, null);
  }

  /** `count` identical cancels without an idempotency key, all sent at once; every answer is kept. */
  async cancelBurstWithoutKey(
    manager: string,
    customer: string,
    amountKrw: number,
    reason: string,
    count: number,
  ): Promise<void> {
    this.cancelAnswers = await Promise.all(
      Array.from({ length: count }, () => this.cancelWithoutKey(manager, customer, amountKrw, reason)),
    );
  }

  /** The last cancel request again, with its idempotency key (or none, as it was sent), as a double click or a retrying app sends it. */
  repeatCancel(): Promise<ApiResponse<OrderView>> {
    const last = this.#lastCancel;
    if (!last) throw new Error('no cancel was requested in this scenario');
    return this.cancel(last.manager, last.customer, last.amountKrw, last.reason, last.key);
  }

  /** Another cancel under the last cancel's idempotency key. */
  cancelReusingKey(
    manager: string,
    customer: string,
    amountKrw: number,
    reason: string,
  ): Promise<ApiResponse<OrderView>> {
    if (!this.#lastCancel) throw new Error('no cancel was requested in this scenario');
    return this.cancel(manager, customer, amountKrw, reason, this.#lastCancel.key);
  }

  reconcile() {
    return this.world.app.services.payments.reconcile();
  }

  /** The orders waiting for reconciliation (the API shows an order's status, not its place in the queue). */
  queued(): Promise<QueuedVerification[]> {
    return this.world.app.services.payments.verification.queued();
  }

  /** How many orders the platform holds, whoever placed them. */
  savedOrders(): Promise<number> {
    return this.world.app.services.payments.orders.count();
  }

  async #send<Body>(
    method: 'GET' | 'POST',
    url: string,
    who: string,
    json?: unknown,
    idempotencyKey?: string,
  ): Promise<ApiResponse<Body>> {
    const token = this.world.actors.token(who);
    const response = await send<Body>(this.world.app, method, url, {
      token,
      json,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
    this.world.lastResponse = response;
    return response;
  }
}
