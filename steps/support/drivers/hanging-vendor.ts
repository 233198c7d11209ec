import type { PolicyWorld } from '../world.ts';

/**
 * While a vendor hangs, each call it receives makes the scenario's clock pass the platform's time limit for that
 * vendor, as waiting would: the platform gives up on its own clock and nothing waits in real time. Stops when
 * the scenario ends or the returned function is called (the vendor answers again).
 */
export function passTimeWhileHanging(world: PolicyWorld, vendor: string, timeLimitMs: () => number): () => void {
  let hanging = true;
  const stop = () => void (hanging = false);
  world.cleanups.push(async () => stop());
  void (async () => {
    while (hanging) {
      await world.vendors.ledger.nextCall(vendor);
      if (hanging) world.clock.advance(timeLimitMs());
    }
  })();
  return stop;
}
