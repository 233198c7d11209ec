import type { VendorMock } from '../contracts/vendor.ts';
import { slackContract } from './contract.ts';
import { SlackFake } from './fake.ts';
import { slackFaults } from './faults.ts';
import { slackHandlers } from './handlers.ts';

const state = new SlackFake();

/** Slack incoming webhooks, where operational alerts go. */
export const slack: VendorMock<SlackFake, typeof slackFaults> = {
  ...slackContract,
  handlers: slackHandlers(state),
  faults: slackFaults,
  state,
  reset: () => state.reset(),
};
