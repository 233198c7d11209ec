import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { MartId } from '../../../src/platform/auth.ts';
import type { Database } from '../../../src/platform/database.ts';
import type { OutboxPhoto, RefundsHeld } from '../../../src/refund/refund.store.ts';
import type { RefundView } from '../../../src/refund/refund.types.ts';
import { interceptQueries } from '../intercept-queries.ts';
import type { PolicyWorld } from '../world.ts';
import { expectOk, send, sent, type ApiResponse } from './http.ts';

/** A file as a mart manager's app would send it. */
export interface Upload {
  filename: string;
  bytes: Buffer;
}

export interface RefundSpec {
  reason: string;
  /** By product name, as the scenario says it; `productId` overrides for products that are not in the order. */
  products: { name: string; quantity: number; productId?: string }[];
  images: Upload[];
}

const JPEG = [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46];

/** A small JPEG-looking photo with bytes of its own (the platform checks the magic bytes, not the name). */
export const photo = (n: number, size = 2_048): Upload => {
  const bytes = randomBytes(size);
  Buffer.from(JPEG).copy(bytes);
  return { filename: `photo-${n}.jpg`, bytes };
};
export const photos = (count: number): Upload[] => Array.from({ length: count }, (_, i) => photo(i + 1));

/** A multipart/form-data body: text fields, then files in the field `images`. */
export function multipart(fields: Record<string, string>, files: Upload[]): { payload: Buffer; contentType: string } {
  const boundary = `----martbook${randomUUID().replaceAll('-', '')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const file of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="images"; filename="${file.filename}"\r\nContent-Type: image/jpeg\r\n\r\n`,
      ),
    );
    parts.push(file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Refund requests as a mart manager's app sends them (multipart through the Fastify app), and what became of them. */
export class RefundApi {
  /** The last request sent, with its idempotency key, for "the same request again". */
  #last: { who: string; customer: string; spec: RefundSpec; key: string } | undefined;
  /** Every answer of the last burst of identical requests. */
  burstAnswers: ApiResponse<RefundView>[] = [];

  constructor(private readonly world: PolicyWorld) {}

  async request(
    who: string,
    customer: string,
    spec: RefundSpec,
    key: string = randomUUID(),
  ): Promise<ApiResponse<RefundView>> {
    this.#last = { who, customer, spec, key };
    const response = await this.#send(who, customer, spec, key);
    this.world.lastResponse = response;
    return response;
  }

  /** The customer whose order the last request was about. */
  lastCustomer(): string {
    if (!this.#last) throw new Error('no refund was requested in this scenario');
    return this.#last.customer;
  }

  /** The last request, byte for byte and with the same idempotency key, as a retrying app would send it. */
  repeat(): Promise<ApiResponse<RefundView>> {
    if (!this.#last) throw new Error('no refund was requested in this scenario');
    const { who, customer, spec, key } = this.#last;
    return this.request(who, customer, spec, key);
  }

  /**
   * The last request again, arriving on an instance that looked for the order's refund just before the first
   * request saved it: that first look finds none, everything after sees the database as it is.
   */
  async repeatRacing(): Promise<ApiResponse<RefundView>> {
    if (!this.#last) throw new Error('no refund was requested in this scenario');
    const platform = this.world.platform();
    const early = lookedTooEarly(platform.db);
    const app = await this.world.instances.runAnother({ ...platform, db: early.db });
    const { who, customer, spec, key } = this.#last;
    this.world.lastResponse = await this.#send(who, customer, spec, key, app);
    // Without the early look the request only repeated, and the race this step names was never run.
    if (!early.looked()) throw new Error("the repeat never looked for the order's refund: the race was not staged");
    return this.world.lastResponse as ApiResponse<RefundView>;
  }

  /** Another request sent with the last request's idempotency key, as a client that reuses keys would. */
  reusingKey(who: string, customer: string, spec: RefundSpec): Promise<ApiResponse<RefundView>> {
    if (!this.#last) throw new Error('no refund was requested in this scenario');
    return this.request(who, customer, spec, this.#last.key);
  }

  /** `count` identical requests at once (one idempotency key), as a client retrying on timeouts would send them. */
  async burst(who: string, customer: string, spec: RefundSpec, count: number): Promise<void> {
    const key = randomUUID();
    this.#last = { who, customer, spec, key };
    this.burstAnswers = await Promise.all(Array.from({ length: count }, () => this.#send(who, customer, spec, key)));
  }

  /** The photos sent with the last request. */
  sentPhotos(): Upload[] {
    return this.#last?.spec.images ?? [];
  }

  /** The order's refund as its mart sees it. */
  async refundOf(customer: string): Promise<RefundView> {
    const { martId, orderId } = await this.#order(customer);
    const manager = this.world.actors.manager(`manager of ${martId}`, [martId as MartId]).name;
    const response = await send<RefundView>(this.world.app, 'GET', `/marts/${martId}/orders/${orderId}/refund`, {
      token: this.world.actors.token(manager),
    });
    return expectOk<RefundView>(response, `viewing the refund of ${customer}'s order`);
  }

  markDelivered(customer: string): Promise<boolean> {
    return this.world.app.services.refunds.refunds.markDelivered(this.world.payments.orderId(customer));
  }

  /** As if the process stopped between the gateway's confirmation and the refund's update: it is pending again, and due. */
  async forgetCompletion(customer: string): Promise<void> {
    await this.world.resources.db.query(
      `UPDATE refunds SET status = 'cancel_pending', completed_at = NULL, cancel_next_attempt_at = created_at WHERE order_id = $1`,
      [this.world.payments.orderId(customer)],
    );
  }

  runOutbox() {
    return this.world.app.services.refunds.outbox.runOnce();
  }

  /** What the refund service holds (of one customer's order, or in all), for "nothing was saved" and "exactly one refund". */
  held(customer?: string): Promise<RefundsHeld> {
    return this.world.app.services.refunds.refunds.held(customer && this.world.payments.orderId(customer));
  }

  /** The photos of the customer's refund as the refund outbox holds them (the API does not say which are staged). */
  outboxPhotos(customer: string): Promise<OutboxPhoto[]> {
    return this.world.app.services.refunds.outbox.photosOf(this.world.payments.orderId(customer));
  }

  /** The customer's order as the platform holds it: its mart and what it contains. */
  async #order(
    customer: string,
  ): Promise<{ martId: string; orderId: string; lines: { productId: string; name: string }[] }> {
    const order = await this.world.app.services.payments.orders.find(this.world.payments.orderId(customer));
    return { martId: order.martId, orderId: order.id, lines: order.lines };
  }

  async #send(
    who: string,
    customer: string,
    spec: RefundSpec,
    key: string,
    app: FastifyInstance = this.world.app,
  ): Promise<ApiResponse<RefundView>> {
    const { martId, orderId, lines } = await this.#order(customer);
    const productId = (name: string) => {
      const line = lines.find((l) => l.name === name);
      if (!line) throw new Error(`${customer}'s order holds no ${name}; name its product id instead`);
      return line.productId;
    };
    const products = spec.products.map((p) => ({ productId: p.productId ?? productId(p.name), quantity: p.quantity }));
    const { payload, contentType } = multipart(
      { reason: spec.reason, products: JSON.stringify(products) },
      spec.images,
    );
    sent.changing++;
    const response = await app.inject({
      method: 'POST',
      url: `/marts/${martId}/orders/${orderId}/refunds`,
      headers: {
        authorization: `Bearer ${this.world.actors.token(who)}`,
        'content-type': contentType,
        'idempotency-key': key,
      },
      payload,
    });
    return { status: response.statusCode, body: (response.body ? JSON.parse(response.body) : undefined) as RefundView };
  }
}

/** The database as a request sees it that looked for an order's refund an instant before another request saved one. */
function lookedTooEarly(db: Database): { db: Database; looked: () => boolean } {
  let looked = false;
  const early = interceptQueries(db, (sql, run) => {
    if (looked || !/FROM refunds WHERE order_id = \$1/.test(sql)) return run();
    looked = true;
    return Promise.resolve([]);
  });
  return { db: early, looked: () => looked };
}
