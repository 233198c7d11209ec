/** `base`, or `base-2`, `base-3`… — the first one not in `used`, which is then taken. */
export function uniqueName(used: Set<string>, base: string): string {
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
  used.add(name);
  return name;
}

/** `features/cart/one-cart-per-mart.feature` → `one-cart-per-mart` (also for `.feature.md`). */
export function featureFileStem(uri: string): string {
  return (uri.split('/').pop() ?? uri).replace(/\.feature(\.md)?$/, '');
}
