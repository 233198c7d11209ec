import { setupServer, type SetupServer } from 'msw/node';
import { ContractEnforcer, type VendorCall } from './contracts/enforcement.ts';
import { releaseSlowRequests } from './contracts/faults.ts';
import { vendorHandlers } from './handlers.ts';
import { UnhandledRequestGuard } from './unhandled-guard.ts';
import { resetVendorFakes, vendorMocks } from './vendors.ts';

export { vendorCallsMediaType } from './contracts/enforcement.ts';

export interface MockVendors {
  server: SetupServer;
  guard: UnhandledRequestGuard;
  contracts: ContractEnforcer;
}

/**
 * One MSW server per test process, serving the vendors' normal behaviour. Unhandled requests are errors, and
 * every exchange is checked against the vendor's contract.
 */
export function startMockVendors(): MockVendors {
  const guard = new UnhandledRequestGuard();
  const contracts = new ContractEnforcer(vendorMocks.map((vendor) => vendor.contract));
  const server = setupServer(...vendorHandlers);
  contracts.attach(server);
  server.listen({ onUnhandledRequest: guard.onUnhandledRequest });
  return { server, guard, contracts };
}

/** Drops the scenario's fault modes and lets held requests go, so the app can shut down against normal vendors. */
export function endFaults({ server }: MockVendors): void {
  server.resetHandlers();
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
