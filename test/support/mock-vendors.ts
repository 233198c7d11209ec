import { after, before } from 'node:test';
import { assertVendorsHeld, endScenario, startMockVendors, type MockVendors } from '../../mocks/server.ts';

let shared: MockVendors | undefined;

/**
 * The mocked vendors for the calling suite (or file): one MSW server per process, since the unit tests run in one
 * process (test/unit.ts) and MSW patches the process's HTTP clients once. It listens from the suite's first hook
 * to its last only, so other files' requests to this machine are never taken for vendor calls. Call it after the
 * suite's own `after` hooks: they run in order, and an app closing may still call a vendor. The suite leaves normal
 * vendors, fresh fakes and an empty ledger behind, and fails if it left an unhandled request or a contract violation
 * it did not assert.
 */
export function useMockVendors(): MockVendors {
  if (!shared) {
    shared = startMockVendors();
    shared.server.close();
  }
  const vendors = shared;
  before(() => vendors.server.listen({ onUnhandledRequest: vendors.guard.onUnhandledRequest }));
  after(async () => {
    await endScenario(vendors);
    vendors.server.close();
    assertVendorsHeld(vendors);
  });
  return vendors;
}
