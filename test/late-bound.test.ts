import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lateBound } from '../steps/support/late-bound.ts';

describe('a late-bound object', () => {
  class Breaker {
    windows = [1, 2];
    state = { open: false };
    count() {
      return this.windows.length;
    }
  }
  const made = () => {
    let current = { breaker: new Breaker(), name: 'first' };
    const p = lateBound(() => current);
    return { p, rebind: (next: typeof current) => (current = next) };
  };

  it('lists, spreads and serializes as the current object does', () => {
    const { p, rebind } = made();
    assert.deepEqual(Object.keys(p), ['breaker', 'name']);
    assert.deepEqual({ ...p.breaker.state }, { open: false });
    assert.equal(JSON.stringify(p), '{"breaker":{"windows":[1,2],"state":{"open":false}},"name":"first"}');
    rebind({ breaker: Object.assign(new Breaker(), { windows: [3] }), name: 'second' });
    assert.equal(JSON.stringify(p.breaker), '{"windows":[3],"state":{"open":false}}');
    assert.deepEqual([...p.breaker.windows], [3]);
  });

  it('is an array where the current value is one, and keeps its class', () => {
    const { p } = made();
    assert.equal(Array.isArray(p.breaker.windows), true);
    assert.equal(Array.isArray(p.breaker), false);
    assert.ok(p.breaker instanceof Breaker);
    assert.equal(p.breaker.count(), 2);
    assert.deepEqual(
      p.breaker.windows.map((w) => w * 10),
      [10, 20],
    );
  });

  it('answers the same proxy and method to repeated reads, and reads through them after a rebind', () => {
    const { p, rebind } = made();
    const breaker = p.breaker;
    assert.equal(p.breaker, breaker);
    assert.equal(p.breaker.windows, p.breaker.windows);
    const method = (): unknown => Reflect.get(p.breaker, 'count');
    assert.equal(method(), method());
    rebind({ breaker: Object.assign(new Breaker(), { windows: [7, 8, 9] }), name: 'second' });
    assert.equal(breaker.count(), 3);
    assert.equal(p.name, 'second');
  });
});
