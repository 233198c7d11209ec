import { Contract, type OpenApiDocument } from '../contracts/contract.ts';
import { commonFaultModes } from '../contracts/fault-modes.ts';
import type { VendorContract } from '../contracts/vendor.ts';
import document from './contract.openapi.json' with { type: 'json' };

/** The AI search vendor's contract and fault modes (the mock is index.ts). */
export const aiSearchContract = {
  name: 'ai-search',
  contract: new Contract('ai-search', document as unknown as OpenApiDocument),
  faultModes: {
    ...commonFaultModes,
    invalidApiKey: 'The API key is rejected: every search answers 401.',
    downForCalls: 'The vendor is down for its next few calls (503), then answers normally again.',
    answersLate:
      "Each search takes its time by the scenario's clock (the clock moves on while the vendor works); the " +
      'answer itself is the normal one, so a scenario proves "slow" without waiting in real time.',
  },
} satisfies VendorContract;
