import { Contract, type OpenApiDocument } from '../contracts/contract.ts';
import type { VendorMock } from '../contracts/vendor.ts';
import document from './contract.openapi.json' with { type: 'json' };
import { AiSearchFake } from './fake.ts';
import { aiSearchFaults } from './faults.ts';
import { aiSearchHandlers } from './handlers.ts';

const state = new AiSearchFake();

/** The AI search vendor behind product search: ranks a mart's products for a query. */
export const aiSearch: VendorMock<AiSearchFake, typeof aiSearchFaults> = {
  name: 'ai-search',
  contract: new Contract('ai-search', document as unknown as OpenApiDocument),
  handlers: aiSearchHandlers(state),
  faults: aiSearchFaults,
  state,
  reset: () => state.reset(),
};
