import type { VendorMock } from '../contracts/vendor.ts';
import { objectStorageContract } from './contract.ts';
import { ObjectStorageFake } from './fake.ts';
import { objectStorageFaults } from './faults.ts';
import { objectStorageHandlers } from './handlers.ts';

const state = new ObjectStorageFake();

/** Object storage (S3), where refund images are kept. */
export const objectStorage: VendorMock<ObjectStorageFake, typeof objectStorageFaults> = {
  ...objectStorageContract,
  handlers: objectStorageHandlers(state),
  faults: objectStorageFaults,
  state,
  reset: () => state.reset(),
};
