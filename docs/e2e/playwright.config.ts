import { createServer } from 'node:net';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './browser.ts';

/** A port nothing listens on, chosen by the runner and handed to its workers through the environment. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

process.env.MARTBOOK_SITE_TEST_PORT ??= String(await freePort());
const PORT = Number(process.env.MARTBOOK_SITE_TEST_PORT);
const executablePath = await chromiumExecutable();
// Said once, by the runner (workers load this file too), so a run shows which route found its browser.
if (process.env.TEST_WORKER_INDEX === undefined) console.log(`Chromium: ${executablePath ?? "Playwright's own"}`);

/** Browser tests of the built site (`npm run docs:build` first). */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  fullyParallel: true,
  workers: 2,
  reporter: [['list']],
  outputDir: '../../reports/playwright',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    // A fold opens at once instead of animating its height (the site honours the reader's reduced-motion setting).
    reducedMotion: 'reduce',
    launchOptions: { executablePath, args: CHROMIUM_ARGS },
  },
  // The built site, served as `docusaurus serve` serves it (serve.ts).
  globalSetup: './serve.ts',
});
