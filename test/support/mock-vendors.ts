import { after, before } from 'node:test';
import { assertVendorsHeld, endScenario, startMockVendors, type MockVendors } from '../../mocks/server.ts';

let shared: MockVendors | undefined;

/**
 * The mocked vendors for the calling suite (or file): one MSW server per process, since the unit tests run in one
 * process (test/unit.ts) and MSW patches the process's HTTP clients once. It listens from the suite's first hook
 * to its last only, so other files' requests to this machine are never taken for vendor calls. The suite starts
 * with normal vendors, fresh fakes and an empty ledger, and fails if it leaves an unhandled request or a contract
 * violation it did not assert. Hooks run in the order they were registered: an `after` that stops an app (which
 * may still call a vendor) goes before this call, a `before` that sets a fake up after it.
 */
export function useMockVendors(): MockVendors {
  if (!shared) {
    shared = startMockVendors();
    shared.server.close();
  }
  const vendors = shared;
  before(async () => {
    await endScenario(vendors);
    vendors.server.listen({ onUnhandledRequest: vendors.guard.onUnhandledRequest });
  });
  after(async () => {
    await endScenario(vendors);
    vendors.server.close();
    assertVendorsHeld(vendors);
  });
  return vendors;
}
