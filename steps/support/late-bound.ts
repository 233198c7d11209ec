/**
 * An object that reads `current()` on every use: a property read answers the current object's value (a method
 * bound to it, a nested object late-bound in turn), a property set sets the current object's, and `instanceof`,
 * `Array.isArray`, key listing, spread and `JSON.stringify` see the current object. How routes registered once
 * reach the services of whichever scenario runs. Repeated reads answer the same nested proxy (and, while the
 * current object stays, the same bound method).
 */
export function lateBound<T extends object>(current: () => T, shell: object = {}): T {
  // One nested proxy per key, and per kind (an array's is an array, for `Array.isArray`).
  const nested = { object: new Map<string | symbol, object>(), array: new Map<string | symbol, object>() };
  const bound = new WeakMap<object, WeakMap<object, unknown>>();
  const boundTo = (target: object, method: (...args: unknown[]) => unknown) => {
    const methods = bound.get(target) ?? bound.set(target, new WeakMap()).get(target)!;
    if (!methods.has(method)) methods.set(method, method.bind(target));
    return methods.get(method);
  };
  const lateBoundAt = (key: string | symbol, value: object) => {
    const kind = Array.isArray(value) ? nested.array : nested.object;
    if (!kind.has(key))
      kind.set(
        key,
        lateBound(() => Reflect.get(current(), key) as object, kind === nested.array ? [] : {}),
      );
    return kind.get(key);
  };
  return new Proxy(shell as T, {
    get(_, key) {
      const target = current();
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value === 'function') return boundTo(target, value as (...args: unknown[]) => unknown);
      if (value !== null && typeof value === 'object') return lateBoundAt(key, value);
      return value;
    },
    set: (_, key, value) => Reflect.set(current(), key, value),
    has: (_, key) => Reflect.has(current(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(current()),
    // The shell's own non-configurable keys (an array's `length`) must be listed and reported as they are.
    ownKeys: (target) => [...new Set([...Reflect.ownKeys(current()), ...Reflect.ownKeys(target)])],
    getOwnPropertyDescriptor(target, key) {
      const own = Reflect.getOwnPropertyDescriptor(current(), key);
      const shellOwn = Reflect.getOwnPropertyDescriptor(target, key);
      if (!own) return shellOwn;
      return { ...own, configurable: shellOwn?.configurable ?? true };
    },
  });
}
