import type { VendorMock } from '../contracts/vendor.ts';
import { aiSearchContract } from './contract.ts';
import { AiSearchFake } from './fake.ts';
import { aiSearchFaults } from './faults.ts';
import { aiSearchHandlers } from './handlers.ts';

const state = new AiSearchFake();

/** The AI search vendor behind product search: ranks a mart's products for a query. */
export const aiSearch: VendorMock<AiSearchFake, typeof aiSearchFaults> = {
  ...aiSearchContract,
  handlers: aiSearchHandlers(state),
  faults: aiSearchFaults,
  state,
  reset: () => state.reset(),
};
