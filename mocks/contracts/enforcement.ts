import type { SetupServer } from 'msw/node';
import type { Contract, ContractOperation, Exchange } from './contract.ts';

/** A mocked response carrying this header comes from a named fault mode: it may break the contract on purpose. */
export const faultHeader = 'x-martbook-fault';

/** One call a scenario made to a mocked vendor, as attached to the scenario for the docs site. */
/** The media type of the per-scenario list of vendor calls attached to Cucumber results (a JSON array). */
export const vendorCallsMediaType = 'application/vnd.martbook.vendor-calls+json';

export interface VendorCall {
  vendor: string;
  /** `POST /payments/cancel` */
  operation: string;
  operationId: string;
  /** `no-response`: a network error, or a request the client aborted before any answer. */
  status: number | 'no-response';
  fault?: string;
}

interface OpenCall {
  contract: Contract;
  operation: ContractOperation | undefined;
  call: VendorCall;
}

/**
 * Holds every exchange with a mocked vendor to that vendor's contract. Listens to the MSW server's life-cycle
 * events, validates each request and each mocked response, and records the calls made. Violations, like
 * unhandled requests, do not throw where they happen (a retry could swallow them): the After hook asks.
 */
export class ContractEnforcer {
  readonly #contracts: Contract[];
  #open = new Map<string, OpenCall>();
  #calls: VendorCall[] = [];
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

  /** The calls made since the last call, in order; calls never answered are marked `no-response`. */
  takeCalls(): VendorCall[] {
    const calls = this.#calls;
    this.#calls = [];
    this.#open = new Map();
    return calls;
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
    const call: VendorCall = {
      vendor: contract.vendor,
      operation: operationName,
      operationId: matched?.operation.id ?? '',
      status: 'no-response',
    };
    this.#calls.push(call);
    this.#open.set(requestId, { contract, operation: matched?.operation, call });
    if (!matched) {
      this.#violations.push(`${contract.vendor} ${operationName}: the contract has no such operation`);
      return;
    }
    const decoded = await decode(request);
    const exchange: Exchange = {
      ...decoded,
      headers: request.headers,
      query: url.searchParams,
      pathParams: matched.pathParams,
    };
    this.#report(contract, matched.operation, 'request', [
      ...(decoded.problem ? [decoded.problem] : []),
      ...contract.checkRequest(matched.operation, exchange),
    ]);
  }

  async #onResponse(response: Response, requestId: string): Promise<void> {
    const open = this.#open.get(requestId);
    if (!open) return;
    const fault = response.headers.get(faultHeader) ?? undefined;
    open.call.status = response.status;
    if (fault) open.call.fault = fault;
    if (fault || !open.operation) return;
    const decoded = await decode(response);
    const exchange: Exchange = { ...decoded, headers: response.headers, status: response.status };
    const problems = [
      ...(decoded.problem ? [decoded.problem] : []),
      ...open.contract.checkResponse(open.operation, exchange),
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
