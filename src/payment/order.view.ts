import type { Cancellation, Order, OrderLine, PaymentStatus } from './payment.types.ts';

export interface OrderView {
  id: string;
  martId: string;
  status: PaymentStatus;
  /** What the customer's app shows for this status, in plain words. */
  message: string;
  totalKrw: number;
  cancelledKrw: number;
  lines: (OrderLine & { lineTotalKrw: number })[];
  cancellations?: Cancellation[];
}

const MESSAGES: Record<PaymentStatus, (order: Order) => string> = {
  awaiting_payment: () => 'Waiting for your payment.',
  paid: () => 'Paid. The mart is preparing your order.',
  verification_pending: () =>
    'We are confirming your payment with the payment company. This can take a few minutes; you will not be charged twice.',
  payment_failed: (o) => o.paymentFailure ?? 'The payment was not accepted. Nothing was charged.',
  partially_cancelled: (o) => `Part of this order was cancelled: ${won(o.cancelledKrw)} won is being returned to you.`,
  cancelled: () => 'This order was cancelled and the payment returned in full.',
};

export const won = (krw: number) => krw.toLocaleString('en-US');

export function orderView(order: Order, cancellations?: Cancellation[]): OrderView {
  return {
    id: order.id,
    martId: order.martId,
    status: order.status,
    message: MESSAGES[order.status](order),
    totalKrw: order.totalKrw,
    cancelledKrw: order.cancelledKrw,
    lines: order.lines.map((l) => ({ ...l, lineTotalKrw: l.unitPriceKrw * l.quantity })),
    ...(cancellations ? { cancellations } : {}),
  };
}
