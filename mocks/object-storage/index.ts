import { Contract, type OpenApiDocument } from '../contracts/contract.ts';
import type { VendorMock } from '../contracts/vendor.ts';
import document from './contract.openapi.json' with { type: 'json' };
import { ObjectStorageFake } from './fake.ts';
import { objectStorageFaults } from './faults.ts';
import { objectStorageHandlers } from './handlers.ts';

const state = new ObjectStorageFake();

/** Object storage (S3), where refund images are kept. */
export const objectStorage: VendorMock<ObjectStorageFake, typeof objectStorageFaults> = {
  name: 'object-storage',
  contract: new Contract('object-storage', document as unknown as OpenApiDocument),
  handlers: objectStorageHandlers(state),
  faults: objectStorageFaults,
  state,
  reset: () => state.reset(),
};
