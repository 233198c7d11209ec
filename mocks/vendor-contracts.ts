import { aiSearchContract } from './ai-search/contract.ts';
import { objectStorageContract } from './object-storage/contract.ts';
import { portoneContract } from './portone/contract.ts';
import { slackContract } from './slack/contract.ts';

/** Every mocked vendor's contract and fault modes, without the mocks (no MSW): what the site documents. */
export const vendorContracts = [portoneContract, aiSearchContract, objectStorageContract, slackContract] as const;
