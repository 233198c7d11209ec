/**
 * An object that reads `current()` on every use: a property read answers the current object's value (a method
 * bound to it, a nested object late-bound in turn), a property set sets the current object's, and `instanceof`
 * sees the current object's class. How routes registered once reach the services of whichever scenario runs.
 */
export function lateBound<T extends object>(current: () => T): T {
  return new Proxy({} as T, {
    get(_, key) {
      const target = current();
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value === 'function') return (value as (...args: unknown[]) => unknown).bind(target);
      if (value !== null && typeof value === 'object') return lateBound(() => Reflect.get(current(), key) as object);
      return value;
    },
    set: (_, key, value) => Reflect.set(current(), key, value),
    has: (_, key) => Reflect.has(current(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(current()),
  });
}
