import { Contract, type OpenApiDocument } from '../contracts/contract.ts';
import type { VendorMock } from '../contracts/vendor.ts';
import document from './contract.openapi.json' with { type: 'json' };
import { SlackFake } from './fake.ts';
import { slackFaults } from './faults.ts';
import { slackHandlers } from './handlers.ts';

const state = new SlackFake();

/** Slack incoming webhooks, where operational alerts go. */
export const slack: VendorMock<SlackFake, typeof slackFaults> = {
  name: 'slack',
  contract: new Contract('slack', document as unknown as OpenApiDocument),
  handlers: slackHandlers(state),
  faults: slackFaults,
  state,
  reset: () => state.reset(),
};
