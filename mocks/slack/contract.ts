import { Contract, type OpenApiDocument } from '../contracts/contract.ts';
import { commonFaultModes } from '../contracts/fault-modes.ts';
import type { VendorContract } from '../contracts/vendor.ts';
import document from './contract.openapi.json' with { type: 'json' };

/** Slack incoming webhooks' contract and fault modes (the mock is index.ts). */
export const slackContract = {
  name: 'slack',
  contract: new Contract('slack', document as unknown as OpenApiDocument),
  faultModes: {
    ...commonFaultModes,
    invalidToken: 'The webhook was revoked: every message answers 403 invalid_token.',
  },
} satisfies VendorContract;
