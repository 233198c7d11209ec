import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { OutcomeWindow, verdict, type BreakerPolicy } from '../src/search/breaker.ts';
import { InProcessBreakerHub, type BreakerStateBus } from '../src/search/breaker-bus.ts';
import { BreakerOpenError, SharedBreaker } from '../src/search/shared-breaker.ts';

const policy: BreakerPolicy = loadConfig({}).search.breaker;
const silent = createLogger('silent');
const ok = () => Promise.resolve('ranked');
const fail = () => Promise.reject(new Error('503'));
const always = () => true;

/** `count` instances' breakers sharing one in-process hub, on one fake clock. */
function cluster(count: number) {
  const clock = new FakeClock();
  const hub = new InProcessBreakerHub();
  const make = (i: number) => new SharedBreaker('ai-search', `i${i}`, policy, clock, hub.connect(), silent);
  return { clock, breakers: Array.from({ length: count }, (_, i) => make(i + 1)), hub };
}

async function run(breaker: SharedBreaker, work: () => Promise<string>, times: number) {
  const results: string[] = [];
  for (let i = 0; i < times; i += 1) {
    results.push(
      await breaker.execute(work, always).then(
        () => 'ok',
        (e: unknown) => (e instanceof BreakerOpenError ? 'rejected' : 'failed'),
      ),
    );
  }
  return results;
}

describe('the breaker defaults', () => {
  it('are the policy: window 20, minimum 10, 50 %, slow over 2 s, open 30 s, 3 probes, quorum 1', () => {
    assert.deepEqual(
      { ...policy },
      {
        windowSize: 20,
        minimumCalls: 10,
        failureRateThreshold: 0.5,
        slowCallRateThreshold: 0.5,
        slowCallMs: 2000,
        openMs: 30_000,
        halfOpenProbes: 3,
        quorum: 1,
        probeLockMs: 10_000,
      },
    );
  });

  it('are read from the environment', () => {
    const config = loadConfig({
      SEARCH_BREAKER_WINDOW_CALLS: '40',
      SEARCH_BREAKER_QUORUM: '2',
      SEARCH_BREAKER_OPEN_SECONDS: '5',
    }).search.breaker;
    assert.equal(config.windowSize, 40);
    assert.equal(config.quorum, 2);
    assert.equal(config.openMs, 5000);
  });
});

describe('the window', () => {
  it('judges nothing before the minimum, then opens at 50 % failures', () => {
    assert.equal(verdict(policy, { calls: 9, failures: 9, slowCalls: 0 }), undefined);
    assert.equal(verdict(policy, { calls: 10, failures: 4, slowCalls: 0 }), undefined);
    assert.match(verdict(policy, { calls: 10, failures: 5, slowCalls: 0 }) ?? '', /5 of the last 10 calls failed/);
    assert.match(
      verdict(policy, { calls: 20, failures: 0, slowCalls: 10 }) ?? '',
      /10 of the last 20 calls were slower than 2000 ms/,
    );
  });

  it('keeps the last calls only and counts the instances that saw trouble', () => {
    const window = new OutcomeWindow();
    for (let i = 0; i < 25; i += 1) window.record({ instance: `i${i % 2}`, failed: i < 5, slow: false }, 20);
    assert.deepEqual(window.figures(), { calls: 20, failures: 0, slowCalls: 0, troubledInstances: 0 });
    window.record({ instance: 'i1', failed: true, slow: false }, 20);
    window.record({ instance: 'i2', failed: false, slow: true }, 20);
    assert.deepEqual(window.figures(), { calls: 20, failures: 1, slowCalls: 1, troubledInstances: 2 });
  });
});

describe('the shared breaker', () => {
  it('opens on the 10th failure, and every instance follows without calling', async () => {
    const { breakers } = cluster(3);
    for (const b of breakers) await b.start();
    const [one, two, three] = breakers as [SharedBreaker, SharedBreaker, SharedBreaker];
    assert.deepEqual(await run(one, fail, 10), Array(10).fill('failed'));
    assert.deepEqual([one.state, two.state, three.state], ['open', 'open', 'open']);
    assert.deepEqual(await run(two, ok, 2), ['rejected', 'rejected']);
    assert.equal(two.view().vendorCalls, 0);
  });

  it('judges the calls of every instance together', async () => {
    const { breakers } = cluster(4);
    for (const b of breakers) await b.start();
    for (let i = 0; i < 12; i += 1) await run(breakers[i % 4]!, fail, 1);
    assert.equal(
      breakers.reduce((sum, b) => sum + b.view().vendorCalls, 0),
      10,
    );
  });

  it('goes half-open after 30 s on one instance only, and closes everywhere after 3 good probes', async () => {
    const { breakers, clock } = cluster(2);
    for (const b of breakers) await b.start();
    const [one, two] = breakers as [SharedBreaker, SharedBreaker];
    await run(one, fail, 10);
    clock.advance(29_999);
    assert.deepEqual(await run(two, ok, 1), ['rejected']);
    clock.advance(1);
    assert.deepEqual(await run(two, ok, 1), ['ok']);
    assert.equal(one.state, 'half-open');
    assert.deepEqual(await run(one, ok, 1), ['rejected']);
    assert.deepEqual(await run(two, ok, 2), ['ok', 'ok']);
    assert.deepEqual([one.state, two.state], ['closed', 'closed']);
  });

  it('re-opens everywhere on a failed probe', async () => {
    const { breakers, clock } = cluster(2);
    for (const b of breakers) await b.start();
    const [one, two] = breakers as [SharedBreaker, SharedBreaker];
    await run(one, fail, 10);
    clock.advance(30_000);
    assert.deepEqual(await run(two, fail, 1), ['failed']);
    assert.deepEqual([one.state, two.state], ['open', 'open']);
    assert.equal(two.snapshot.openUntil, clock.now() + 30_000);
  });

  it('starts a late joiner in the cluster state', async () => {
    const { breakers, hub, clock } = cluster(1);
    await breakers[0]!.start();
    await run(breakers[0]!, fail, 10);
    const late = new SharedBreaker('ai-search', 'late', policy, clock, hub.connect(), silent);
    await late.start();
    assert.equal(late.state, 'open');
  });

  it('judges alone when the shared state fails', async () => {
    const broken = new InProcessBreakerHub().connect();
    const failing: BreakerStateBus = Object.fromEntries(
      Object.keys(broken).map((name) => [name, () => Promise.reject(new Error('unreachable'))]),
    ) as unknown as BreakerStateBus;
    const breaker = new SharedBreaker('ai-search', 'alone', policy, new FakeClock(), failing, silent);
    await breaker.start();
    assert.deepEqual(await run(breaker, fail, 10), Array(10).fill('failed'));
    assert.equal(breaker.state, 'open');
    assert.equal(breaker.view().shared, false);
  });

  it('follows an opening decided while it was cut off, once the shared state answers again', async () => {
    const { breakers, hub, clock } = cluster(1);
    const [one] = breakers as [SharedBreaker];
    await one.start();
    const real = hub.connect();
    let down = true;
    const flaky = Object.fromEntries(
      Object.entries(real).map(([name, operation]) => [
        name,
        (...args: unknown[]) =>
          down
            ? Promise.reject(new Error('unreachable'))
            : (operation as (...a: unknown[]) => Promise<unknown>)(...args),
      ]),
    ) as unknown as BreakerStateBus;
    const cutOff = new SharedBreaker('ai-search', 'cut-off', policy, clock, flaky, silent);
    await cutOff.start();
    await run(one, fail, 10);
    assert.equal(cutOff.state, 'closed');
    down = false;
    clock.advance(5_000);
    await run(cutOff, ok, 1);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(cutOff.state, 'open');
  });
});
