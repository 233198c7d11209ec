import type { SetupServer } from 'msw/node';
import { portoneBaseUrl } from '../../../mocks/portone/handlers.ts';

/** What the platform asked the payment company, in the words the policies use. */
export type GatewayRequest =
  | 'for an access token'
  | 'to expect a payment'
  | 'for the amount it expects'
  | 'for a payment'
  | 'to cancel a payment'
  | 'for something else';

export interface GatewayCall {
  request: GatewayRequest;
  /** `POST /payments/cancel` */
  operation: string;
  /** The JSON body sent, if any. */
  body: Record<string, unknown> | undefined;
}

function requestOf(method: string, path: string): GatewayRequest {
  if (method === 'POST' && path === '/users/getToken') return 'for an access token';
  if (method === 'POST' && path === '/payments/prepare') return 'to expect a payment';
  if (method === 'POST' && path === '/payments/cancel') return 'to cancel a payment';
  if (method === 'GET' && path.startsWith('/payments/prepare/')) return 'for the amount it expects';
  if (method === 'GET' && /^\/payments\/(?!prepare\/)[^/]+$/.test(path)) return 'for a payment';
  return 'for something else';
}

type RequestStart = { request: Request };
type ResponseMocked = { request: Request; response: Response };

/** What the payment company answered: PortOne's envelope code and message. */
export interface GatewayAnswer {
  request: GatewayRequest;
  status: number;
  code: number | undefined;
  message: string | null | undefined;
}

/**
 * Records every request the platform sends to the mocked payment company, with its body, from the moment it
 * starts until the scenario ends (the listener is removed by the World's cleanups).
 */
export class PaymentGatewayCalls {
  readonly #calls: GatewayCall[] = [];
  readonly #answers: GatewayAnswer[] = [];
  readonly #reading = new Set<Promise<void>>();
  #mark = 0;

  constructor(server: SetupServer, cleanups: (() => Promise<void>)[]) {
    const listener = ({ request }: RequestStart) => this.#record(request);
    const answered = ({ request, response }: ResponseMocked) => this.#recordAnswer(request, response);
    server.events.on('request:start', listener);
    server.events.on('response:mocked', answered);
    cleanups.push(async () => {
      server.events.removeListener('request:start', listener);
      server.events.removeListener('response:mocked', answered);
    });
  }

  /** From now on, `since()` counts calls made after this point. */
  mark(): void {
    this.#mark = this.#calls.length;
  }

  /** Every call, once their bodies are read. */
  async all(): Promise<GatewayCall[]> {
    while (this.#reading.size > 0) await Promise.all([...this.#reading]);
    return [...this.#calls];
  }

  async since(): Promise<GatewayCall[]> {
    return (await this.all()).slice(this.#mark);
  }

  async bodies(request: GatewayRequest): Promise<Record<string, unknown>[]> {
    return (await this.all()).filter((c) => c.request === request).map((c) => c.body ?? {});
  }

  /** What the payment company answered to `request`, once the answers are read. */
  async answers(request: GatewayRequest): Promise<GatewayAnswer[]> {
    await this.all();
    return this.#answers.filter((a) => a.request === request);
  }

  #recordAnswer(request: Request, response: Response): void {
    const url = new URL(request.url);
    if (!url.href.startsWith(portoneBaseUrl)) return;
    const answer: GatewayAnswer = {
      request: requestOf(request.method, url.pathname),
      status: response.status,
      code: undefined,
      message: undefined,
    };
    this.#answers.push(answer);
    const reading: Promise<void> = (response.clone().json() as Promise<{ code?: number; message?: string | null }>)
      .then(
        (body) => void Object.assign(answer, { code: body.code, message: body.message }),
        () => undefined,
      )
      .finally(() => this.#reading.delete(reading));
    this.#reading.add(reading);
  }

  #record(request: Request): void {
    const url = new URL(request.url);
    if (!url.href.startsWith(portoneBaseUrl)) return;
    const call: GatewayCall = {
      request: requestOf(request.method, url.pathname),
      operation: `${request.method} ${url.pathname}`,
      body: undefined,
    };
    this.#calls.push(call);
    const reading = request
      .clone()
      .text()
      .then((text) => void (call.body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined))
      .finally(() => this.#reading.delete(reading));
    this.#reading.add(reading);
  }
}
