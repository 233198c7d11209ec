import { Contract, type OpenApiDocument } from '../contracts/contract.ts';
import { commonFaultModes } from '../contracts/fault-modes.ts';
import type { VendorContract } from '../contracts/vendor.ts';
import document from './contract.openapi.json' with { type: 'json' };

/** Object storage's (S3) contract and fault modes (the mock is index.ts). */
export const objectStorageContract = {
  name: 'object-storage',
  contract: new Contract('object-storage', document as unknown as OpenApiDocument),
  faultModes: {
    ...commonFaultModes,
    flaky: 'Every n-th store (PutObject) is answered 503 SlowDown; the others are stored normally.',
    expiredToken: 'The credentials have expired: every request answers 403 ExpiredToken.',
  },
} satisfies VendorContract;
