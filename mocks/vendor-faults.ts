import type { RequestHandler } from 'msw';
import type { SetupServer } from 'msw/node';
import type { FaultMode } from './contracts/faults.ts';
import type { VendorMock } from './contracts/vendor.ts';
import { forItsOriginOnly } from './own-origin.ts';

type Faults = Record<string, FaultMode<never>>;
type OptionsOf<Mode> = Mode extends FaultMode<infer Options> ? Options : never;

/**
 * The fault modes a scenario put in place, per vendor. A driver fails its vendor with one of the vendor's named
 * modes and restores that vendor alone: its fault handlers stop matching, every other vendor's stay. MSW can only
 * drop runtime handlers all at once, which the per-scenario reset (`endFaults`) does.
 */
export class VendorFaults {
  readonly #active = new Map<string, Set<RequestHandler>>();

  constructor(private readonly server: Pick<SetupServer, 'use'>) {}

  /** From now on `vendor` behaves as its fault mode `mode` says, on top of any fault already in place. */
  fail<F extends Faults, Mode extends keyof F & string>(
    vendor: VendorMock<unknown, F>,
    mode: Mode,
    options?: OptionsOf<F[Mode]>,
  ): void {
    const handlers = (vendor.faults[mode] as FaultMode<unknown>)(options).map(forItsOriginOnly);
    const active = this.#active.get(vendor.name) ?? new Set();
    this.#active.set(vendor.name, active);
    for (const handler of handlers) {
      active.add(handler);
      // A restored vendor's fault handler no longer matches: requests go on to the next handler, the normal one.
      const run = handler.run.bind(handler);
      handler.run = async (args) => (active.has(handler) ? run(args) : null);
    }
    this.server.use(...handlers);
  }

  /** `vendor` answers normally again; other vendors' faults stay in place. */
  restore(vendor: VendorMock<unknown, Faults>): void {
    this.#active.get(vendor.name)?.clear();
  }

  /** Forgets every vendor's faults; the per-scenario reset drops their handlers. */
  forget(): void {
    this.#active.clear();
  }
}
