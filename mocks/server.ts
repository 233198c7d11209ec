import { setupServer, type SetupServer } from 'msw/node';
import { ContractEnforcer, type VendorCall } from './contracts/enforcement.ts';
import { releaseSlowRequests } from './contracts/faults.ts';
import type { VendorLedger } from './contracts/ledger.ts';
import { vendorHandlers } from './handlers.ts';
import { UnhandledRequestGuard } from './unhandled-guard.ts';
import { VendorFaults } from './vendor-faults.ts';
import { resetVendorFakes, vendorMocks } from './vendors.ts';

export { vendorCallsMediaType } from './contracts/enforcement.ts';

export interface MockVendors {
  server: SetupServer;
  guard: UnhandledRequestGuard;
  contracts: ContractEnforcer;
  /** Every vendor call of the scenario, with its bodies, as the contract enforcer saw it. */
  ledger: VendorLedger;
  /** The fault modes in place, per vendor: fail one vendor, restore that one only. */
  faults: VendorFaults;
}

/**
 * One MSW server per test process, serving the vendors' normal behaviour. Unhandled requests are errors, and
 * every exchange is checked against the vendor's contract and kept in the ledger.
 */
export function startMockVendors(): MockVendors {
  const guard = new UnhandledRequestGuard();
  const contracts = new ContractEnforcer(vendorMocks.map((vendor) => vendor.contract));
  const server = setupServer(...vendorHandlers);
  contracts.attach(server);
  server.listen({ onUnhandledRequest: guard.onUnhandledRequest });
  return { server, guard, contracts, ledger: contracts.ledger, faults: new VendorFaults(server) };
}

/**
 * Drops every vendor's fault modes and lets held requests go, so the app can shut down against normal vendors.
 * The one place runtime handlers are reset: between scenarios (MSW's `server.use` per test, reset only between).
 */
export function endFaults({ server, faults }: MockVendors): void {
  server.resetHandlers();
  faults.forget();
  releaseSlowRequests();
}

/** Ends a scenario's use of the vendors (after the app stopped): resets the fakes and returns the calls it made. */
export async function endScenario(vendors: MockVendors): Promise<VendorCall[]> {
  endFaults(vendors);
  resetVendorFakes();
  await vendors.contracts.settle();
  return vendors.contracts.takeCalls();
}

/** Throws one error listing every unhandled request and contract violation since the last call. */
export function assertVendorsHeld({ guard, contracts }: MockVendors): void {
  const failures = [() => guard.assertNoneSince(), () => contracts.assertNoViolationsSince()].flatMap((check) => {
    try {
      check();
      return [];
    } catch (error) {
      return [error instanceof Error ? error.message : String(error)];
    }
  });
  if (failures.length > 0) throw new Error(failures.join('\n'));
}
