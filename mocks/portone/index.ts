import { Contract, type OpenApiDocument } from '../contracts/contract.ts';
import type { VendorMock } from '../contracts/vendor.ts';
import document from './contract.openapi.json' with { type: 'json' };
import { PortOneFake } from './fake.ts';
import { portoneFaults } from './faults.ts';
import { portoneHandlers, refusalCode } from './handlers.ts';

const state = new PortOneFake();

/** PortOne v1 REST, the payment gateway: tokens, prepared amounts, payments and cancellations. */
export const portone: VendorMock<PortOneFake, ReturnType<typeof portoneFaults>> = {
  name: 'portone',
  contract: new Contract('portone', document as unknown as OpenApiDocument, { refusalCode }),
  handlers: portoneHandlers(state),
  faults: portoneFaults(state),
  state,
  reset: () => state.reset(),
};
