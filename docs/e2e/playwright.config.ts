import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './browser.ts';

const PORT = 3123;
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
    launchOptions: { executablePath, args: CHROMIUM_ARGS },
  },
  webServer: {
    command: `npx docusaurus serve docs --port ${PORT} --host 127.0.0.1 --no-open`,
    cwd: '../..',
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
