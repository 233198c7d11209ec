import { aiSearch } from './ai-search/index.ts';
import { objectStorage } from './object-storage/index.ts';
import { portone } from './portone/index.ts';
import { slack } from './slack/index.ts';

export { aiSearch, objectStorage, portone, slack };

/** Every mocked vendor, each held to the contract in its folder. */
export const vendorMocks = [portone, aiSearch, objectStorage, slack] as const;

/** Points the fakes that keep time (PortOne tokens, Slack's rate window) at the scenario's clock. */
export function useVendorClock(now: () => number): void {
  portone.state.now = now;
  slack.state.now = now;
}

/** Forgets what every fake learned: each scenario starts from a fresh vendor. */
export function resetVendorFakes(): void {
  for (const vendor of vendorMocks) vendor.reset();
}
