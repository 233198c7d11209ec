import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/** Flags for a sandboxed, offline machine: no GPU, no calls home. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * The browser the site tests use: Playwright's own Chromium when it is installed, else `CHROMIUM_PATH`, else
 * Debian's `/usr/bin/chromium`. With none of them, the tests fail with a message saying how to get one —
 * they are never skipped.
 */
export function chromiumExecutable(): string | undefined {
  if (existsSync(chromium.executablePath())) return undefined;
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((path) => existsSync(path));
  if (found) return found;
  throw new Error(
    'No Chromium found for the site tests. Install one of: Playwright\'s browser (npx playwright install chromium), ' +
      "Debian's package (apt-get install chromium), or point CHROMIUM_PATH at a Chromium binary.",
  );
}
