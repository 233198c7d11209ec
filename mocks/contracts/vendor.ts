import type { RequestHandler } from 'msw';
import type { Contract } from './contract.ts';
import type { FaultMode } from './faults.ts';

/** What the site documents of a vendor, as `mocks/<vendor>/contract.ts` exports it: no MSW, no fake. */
export interface VendorContract {
  /** The folder name, e.g. `portone`. */
  name: string;
  contract: Contract;
  /** Each fault mode's name and what it does; faults.ts makes them (`describeFaults`). */
  faultModes: Record<string, string>;
}

/** One mocked vendor, as `mocks/<vendor>/index.ts` exports it. */
export interface VendorMock<State, Faults extends Record<string, FaultMode<never>>> extends VendorContract {
  /** The normal behaviour, registered for every scenario. */
  handlers: RequestHandler[];
  /** Named fault modes for Given steps: `server.use(...portone.faults.down())`. */
  faults: Faults;
  /** The fake's state, for steps that set the stage or check what the vendor received. */
  state: State;
  /** Forgets everything the fake learned; the After hook calls it for every vendor. */
  reset(): void;
}
