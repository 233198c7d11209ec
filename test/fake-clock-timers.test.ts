import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../src/platform/clock.ts';
import { Turns } from '../src/platform/turns.ts';

describe("a scenario's clock wakes waiters", () => {
  it('runs the timers due by the time it moves to, in the order they fall due, each at its moment', () => {
    const clock = new FakeClock(0);
    const woke: string[] = [];
    clock.setTimer(300, () => woke.push(`b at ${clock.now()}`));
    clock.setTimer(100, () => woke.push(`a at ${clock.now()}`));
    const cancel = clock.setTimer(200, () => woke.push('cancelled'));
    cancel();
    clock.advance(299);
    assert.deepEqual(woke, ['a at 100']);
    assert.equal(clock.now(), 299);
    clock.advance(1);
    assert.deepEqual(woke, ['a at 100', 'b at 300']);
  });

  it('lets a caller that waits too long for its turn give up on the clock, with no real time passing', async () => {
    const clock = new FakeClock(0);
    const turns = new Turns();
    let release!: () => void;
    const holder = turns.run(
      1_000,
      () => new Error('refused'),
      () => new Promise<void>((r) => (release = r)),
      clock,
    );
    clock.passesWhileWaiting = true;
    await assert.rejects(
      turns.run(
        5_000,
        () => new Error('refused'),
        async () => 'ran',
        clock,
      ),
      /refused/,
    );
    // Only the scenario's clock moves time here: had the wait been on a real timer, the clock would still read 0.
    assert.equal(clock.now(), 5_000);
    release();
    await holder;
    assert.equal(
      await turns.run(
        5_000,
        () => new Error('refused'),
        async () => 'ran',
        clock,
      ),
      'ran',
    );
  });
});
