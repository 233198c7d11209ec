import { randomUUID } from 'node:crypto';
import type { CartService } from '../cart/cart.service.ts';
import type { CustomerId } from '../platform/auth.ts';
import type { Clock } from '../platform/clock.ts';
import type { Database } from '../platform/database.ts';
import { notFound, unprocessable } from '../platform/errors.ts';
import type { OrderStore } from './order.store.ts';
import type { Cancellation, Order, OrderId } from './payment.types.ts';
import { gatewayFailure } from './payment.errors.ts';
import type { PortOneClient } from './portone.client.ts';
import { GatewayRefused } from './portone.errors.ts';

/** `ord_` and 32 hex digits: 36 characters, inside PortOne's 40-character merchant_uid. */
const newOrderId = () => `ord_${randomUUID().replaceAll('-', '')}` as OrderId;

/** Orders: checkout from a customer's cart, and reading an order as its customer or its mart sees it. */
export class OrderService {
  constructor(
    private readonly db: Database,
    private readonly orders: OrderStore,
    private readonly carts: CartService,
    private readonly gateway: PortOneClient,
    private readonly clock: Clock,
  ) {}

  /**
   * The order holds the cart's available lines at today's prices. The gateway is told the amount first and
   * the order saved after: if the gateway cannot be told, nothing is saved (an amount prepared for an order
   * that was then not saved is never paid, since no one learns its id).
   */
  async checkout(customerId: CustomerId, martId: string): Promise<Order> {
    const cart = await this.carts.view(customerId, martId);
    const lines = cart.lines.filter((l) => l.available);
    if (lines.length === 0)
      throw unprocessable('CART_EMPTY', `There is nothing to order in your cart at ${cart.martName}.`);
    const order: Order = {
      id: newOrderId(),
      customerId,
      martId: cart.martId,
      totalKrw: cart.totalKrw,
      status: 'awaiting_payment',
      impUid: null,
      paymentFailure: null,
      cancelledKrw: 0,
      createdAt: new Date(this.clock.now()).toISOString(),
      lines: lines.map((l) => ({
        productId: l.productId,
        name: l.name,
        quantity: l.quantity,
        unitPriceKrw: l.unitPriceKrw,
      })),
    };
    await this.#prepare(order);
    await this.db.transaction((tx) => this.orders.insert(tx, order));
    return order;
  }

  /**
   * Tells the gateway the order's amount. When a try's answer was lost after the gateway registered it, the
   * retry is refused as already prepared; the order id is new, so an equal registered amount is this order's.
   */
  async #prepare(order: Order): Promise<void> {
    try {
      await this.gateway.prepare(order.id, order.totalKrw);
    } catch (error) {
      if (
        error instanceof GatewayRefused &&
        (await this.gateway.preparedAmount(order.id).catch(() => undefined)) === order.totalKrw
      )
        return;
      throw gatewayFailure(error, 'The payment company cannot take this order right now; please try again shortly.');
    }
  }

  async find(orderId: string): Promise<Order> {
    const order = await this.orders.find(orderId);
    if (!order) throw orderNotFound(orderId);
    return order;
  }

  /** The customer's own order; another customer's is as unknown as one that does not exist. */
  async ofCustomer(customerId: CustomerId, orderId: string): Promise<Order> {
    const order = await this.find(orderId);
    if (order.customerId !== customerId) throw orderNotFound(orderId);
    return order;
  }

  async ofMart(martId: string, orderId: string): Promise<Order> {
    const order = await this.find(orderId);
    if (order.martId !== martId) throw orderNotFound(orderId);
    return order;
  }

  cancellations(orderId: OrderId): Promise<Cancellation[]> {
    return this.orders.cancellations(orderId);
  }

  /** How many orders the platform holds: a checkout that was refused adds none. */
  count(): Promise<number> {
    return this.orders.count();
  }
}

const orderNotFound = (orderId: string) => notFound('ORDER_NOT_FOUND', `There is no order ${orderId}.`);
