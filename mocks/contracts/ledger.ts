/** The media type of the per-scenario list of vendor calls attached to Cucumber results (a JSON array). */
export const vendorCallsMediaType = 'application/vnd.martbook.vendor-calls+json';

/** One call a scenario made to a mocked vendor, as attached to the scenario for the docs site (no bodies). */
export interface VendorCall {
  vendor: string;
  /** `POST /payments/cancel` */
  operation: string;
  operationId: string;
  /** `no-response`: a network error, or a request the client aborted before any answer. */
  status: number | 'no-response';
  /** The vendor's refusal code inside the answer, for a vendor that refuses with HTTP 200 (PortOne's `code`). */
  code?: number;
  fault?: string;
}

/** One exchange with a mocked vendor in full: what was asked, with its body, and what came back. */
export interface VendorExchange extends VendorCall {
  method: string;
  /** The request's path under the vendor's base URL, e.g. `/payments/imp_1`. */
  path: string;
  /** The contract operation's path parameters, decoded (empty when no operation matched). */
  pathParams: Record<string, string>;
  /** The request body decoded (JSON, form fields, text); undefined when there was none or it is binary. */
  request: unknown;
  /** The answer's body decoded likewise; undefined before the answer, or when it had none. */
  response: unknown;
}

export interface LedgerQuery {
  vendor?: string;
  /** The contract's `operationId`, e.g. `cancelPayment`. */
  operationId?: string;
  /** Only calls recorded after this point (a `size` read earlier). */
  since?: number;
}

/**
 * Every call the platform made to a mocked vendor since the scenario began, as the contract enforcer saw it
 * (it is the only listener on the mock server's events and writes here). Drivers and Then steps query it by
 * vendor and operation; the After hook attaches it to the scenario, bodies left out, and starts a fresh one.
 */
export class VendorLedger {
  #exchanges: VendorExchange[] = [];
  readonly #waiters = new Set<{ vendor: string; arrived: (exchange: VendorExchange) => void }>();

  /** @param settled resolves once every body the enforcer is still reading has been read. */
  constructor(private readonly settled: () => Promise<void>) {}

  /** How many calls the scenario made so far: a point to count from (`since`). */
  get size(): number {
    return this.#exchanges.length;
  }

  /** The scenario's exchanges that match the query, in the order their requests started, bodies read. */
  async calls(query: LedgerQuery = {}): Promise<VendorExchange[]> {
    await this.settled();
    return this.#exchanges
      .slice(query.since ?? 0)
      .filter(
        (exchange) =>
          (query.vendor === undefined || exchange.vendor === query.vendor) &&
          (query.operationId === undefined || exchange.operationId === query.operationId),
      );
  }

  /** Resolves when the next request to `vendor` reaches its mock, before any answer. */
  nextCall(vendor: string): Promise<VendorExchange> {
    return new Promise((arrived) => this.#waiters.add({ vendor, arrived }));
  }

  /** The enforcer records a request as it starts; its bodies and status are filled in as they are read. */
  record(exchange: VendorExchange): void {
    this.#exchanges.push(exchange);
    for (const waiter of this.#waiters) {
      if (waiter.vendor !== exchange.vendor) continue;
      this.#waiters.delete(waiter);
      waiter.arrived(exchange);
    }
  }

  /** The calls recorded since the last take, as attached to the scenario, and a fresh ledger. */
  take(): VendorCall[] {
    const exchanges = this.#exchanges;
    this.#exchanges = [];
    return exchanges.map(({ vendor, operation, operationId, status, code, fault }) => ({
      vendor,
      operation,
      operationId,
      status,
      ...(code === undefined ? {} : { code }),
      ...(fault === undefined ? {} : { fault }),
    }));
  }
}
