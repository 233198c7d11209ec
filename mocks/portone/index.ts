import type { VendorMock } from '../contracts/vendor.ts';
import { portoneContract } from './contract.ts';
import { PortOneFake } from './fake.ts';
import { portoneFaults } from './faults.ts';
import { portoneHandlers } from './handlers.ts';

const state = new PortOneFake();

/** PortOne v1 REST, the payment gateway: tokens, prepared amounts, payments and cancellations. */
export const portone: VendorMock<PortOneFake, ReturnType<typeof portoneFaults>> = {
  ...portoneContract,
  handlers: portoneHandlers(state),
  faults: portoneFaults(state),
  state,
  reset: () => state.reset(),
};
