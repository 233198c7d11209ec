/** `base`, or `base-2`, `base-3`… — the first one not in `used`, which is then taken. */
export function uniqueName(used: Set<string>, base: string): string {
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
  used.add(name);
  return name;
}

/** The first folder under `features/` (or the first folder of the uri); `general` for top-level files. */
export function domainOf(uri: string): string {
  const folders = uri.split('/').slice(0, -1);
  const featuresIndex = folders.lastIndexOf('features');
  const domain = featuresIndex >= 0 ? folders[featuresIndex + 1] : folders[0];
  return domain ?? 'general';
}

/** `features/cart/one-cart-per-mart.feature` → `one-cart-per-mart` (also for `.feature.md`). */
export function featureFileStem(uri: string): string {
  return (uri.split('/').pop() ?? uri).replace(/\.feature(\.md)?$/, '');
}
