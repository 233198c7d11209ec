import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { chromium } from '@playwright/test';

/** Flags for a sandboxed, offline machine: no GPU, no calls home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * The browser the site tests use, first found of: Playwright's own Chromium (`npx playwright install chromium`),
 * `CHROMIUM_PATH`, a system Chromium, and the Chromium that ships inside the optional npm package
 * `@sparticuz/chromium` (Linux x64; unpacked into the temp folder on first use). `undefined` means Playwright's
 * own. With none of them, the tests fail with a message saying how to get one — they are never skipped.
 */
export async function chromiumExecutable(): Promise<string | undefined> {
  if (existsSync(chromium.executablePath())) return undefined;
  const installed = [process.env.CHROMIUM_PATH, ...SYSTEM_CHROMIUM].find((path) => path && isExecutableFile(path));
  if (installed) return installed;
  const packaged = await packagedChromium();
  if (packaged) return packaged;
  throw new Error(
    'No Chromium found for the site tests. `npm install` brings one inside @sparticuz/chromium on Linux x64; ' +
      "elsewhere install Playwright's browser (npx playwright install chromium) or a system Chromium, " +
      'or point CHROMIUM_PATH at a Chromium binary.',
  );
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The Chromium inside `@sparticuz/chromium`, when that optional package is installed and fits this machine. */
async function packagedChromium(): Promise<string | undefined> {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  const packaged = await import('@sparticuz/chromium').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw error;
  });
  return packaged?.default.executablePath();
}
