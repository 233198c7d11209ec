import { setupServer, type SetupServer } from 'msw/node';
import { vendorHandlers } from './handlers.ts';
import { UnhandledRequestGuard } from './unhandled-guard.ts';

export interface MockVendors {
  server: SetupServer;
  guard: UnhandledRequestGuard;
}

/** One MSW server per test process, serving the vendors' normal behaviour; unhandled requests are errors. */
export function startMockVendors(): MockVendors {
  const guard = new UnhandledRequestGuard();
  const server = setupServer(...vendorHandlers);
  server.listen({ onUnhandledRequest: guard.onUnhandledRequest });
  return { server, guard };
}
