import type { SetupServer } from 'msw/node';
import type { Contract, ContractOperation, Exchange } from './contract.ts';
import { VendorLedger, type VendorCall, type VendorExchange } from './ledger.ts';

export { vendorCallsMediaType, type VendorCall } from './ledger.ts';

/** A mocked response carrying this header comes from a named fault mode: it may break the contract on purpose. */
export const faultHeader = 'x-martbook-fault';

interface OpenCall {
  contract: Contract;
  operation: ContractOperation | undefined;
  exchange: VendorExchange;
}

/**
 * Holds every exchange with a mocked vendor to that vendor's contract. Listens to the MSW server's life-cycle
 * events (the only listener), validates each request and each mocked response, and records every exchange, bodies
 * decoded, in the vendor ledger. Violations, like unhandled requests, do not throw where they happen (a retry
 * could swallow them): the After hook asks.
 */
export class ContractEnforcer {
  readonly #contracts: Contract[];
  readonly ledger = new VendorLedger(() => this.settle());
  #open = new Map<string, OpenCall>();
  #violations: string[] = [];
  #pending = new Set<Promise<void>>();

  constructor(contracts: Contract[]) {
    this.#contracts = contracts;
  }

  attach(server: Pick<SetupServer, 'events'>): void {
    server.events.on('request:start', ({ request, requestId }) =>
      this.#track(this.#onRequest(request.clone(), requestId)),
    );
    server.events.on('response:mocked', ({ response, requestId }) =>
      this.#track(this.#onResponse(response.clone(), requestId)),
    );
  }

  /** Waits for validations still reading bodies. */
  async settle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  /** The ledger's calls since the last take, in order, without bodies; calls never answered are `no-response`. */
  takeCalls(): VendorCall[] {
    this.#open = new Map();
    return this.ledger.take();
  }

  /** Throws if any exchange broke its contract since the last call, and starts a fresh list. */
  assertNoViolationsSince(): void {
    const violations = this.#violations;
    this.#violations = [];
    if (violations.length === 0) return;
    throw new Error(
      `${violations.length} contract violation(s) — a mock or the service no longer matches the vendor contract ` +
        `(mocks/<vendor>/contract.openapi.json):\n${violations.map((v) => `  ${v}`).join('\n')}`,
    );
  }

  #track(work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => {
        this.#violations.push(`contract check failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => this.#pending.delete(tracked));
    this.#pending.add(tracked);
  }

  async #onRequest(request: Request, requestId: string): Promise<void> {
    const url = new URL(request.url);
    const contract = this.#contracts.find((c) => url.href.startsWith(c.baseUrl));
    if (!contract) return;
    const matched = contract.match(request.method, url);
    const operationName = matched?.operation.label ?? `${request.method} ${url.pathname}`;
    const exchange: VendorExchange = {
      vendor: contract.vendor,
      operation: operationName,
      operationId: matched?.operation.id ?? '',
      status: 'no-response',
      method: request.method,
      path: contract.pathOf(url),
      pathParams: matched?.pathParams ?? {},
      request: undefined,
      response: undefined,
    };
    this.ledger.record(exchange);
    this.#open.set(requestId, { contract, operation: matched?.operation, exchange });
    const decoded = await decode(request);
    exchange.request = decoded.body;
    if (!matched) {
      this.#violations.push(`${contract.vendor} ${operationName}: the contract has no such operation`);
      return;
    }
    const checked: Exchange = {
      ...decoded,
      headers: request.headers,
      query: url.searchParams,
      pathParams: matched.pathParams,
    };
    this.#report(contract, matched.operation, 'request', [
      ...(decoded.problem ? [decoded.problem] : []),
      ...contract.checkRequest(matched.operation, checked),
    ]);
  }

  async #onResponse(response: Response, requestId: string): Promise<void> {
    const open = this.#open.get(requestId);
    if (!open) return;
    const fault = response.headers.get(faultHeader) ?? undefined;
    open.exchange.status = response.status;
    if (fault) open.exchange.fault = fault;
    const decoded = await decode(response);
    open.exchange.response = decoded.body;
    const code = open.contract.options.refusalCode?.(decoded.body);
    if (code !== undefined) open.exchange.code = code;
    if (fault || !open.operation) return;
    const checked: Exchange = { ...decoded, headers: response.headers, status: response.status };
    const problems = [
      ...(decoded.problem ? [decoded.problem] : []),
      ...open.contract.checkResponse(open.operation, checked),
    ];
    this.#report(open.contract, open.operation, `response ${response.status}`, problems);
  }

  #report(contract: Contract, operation: ContractOperation, side: string, problems: string[]): void {
    for (const problem of problems) {
      this.#violations.push(`${contract.vendor} ${operation.label} (${operation.id}), ${side}: ${problem}`);
    }
  }
}

/** Reads a body by its media type: JSON and form fields decoded, text and XML as text, binary left unread. */
export async function decode(
  message: Request | Response,
): Promise<{ contentType?: string; body?: unknown; problem?: string }> {
  const contentType = message.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (!contentType || !message.body) return { contentType };
  if (contentType === 'application/x-www-form-urlencoded') {
    return { contentType, body: Object.fromEntries(new URLSearchParams(await message.text())) };
  }
  if (contentType.startsWith('text/') || contentType === 'application/xml')
    return { contentType, body: await message.text() };
  if (contentType !== 'application/json') return { contentType };
  const text = await message.text();
  try {
    return { contentType, body: text ? (JSON.parse(text) as unknown) : undefined };
  } catch {
    return { contentType, problem: `body is not valid JSON: ${JSON.stringify(text.slice(0, 60))}` };
  }
}
