// The project's own policies, really run once per process with coverage on: one refund feature and one cart
// feature, into a folder of its own (the reports of the developer's last run are left alone). The tests that need
// the project's own run share it: test:affected's map (test/test-affected.test.ts) and the book rendered from it
// (docs/generator/test/project-run.test.ts). Removed when the process exits. It runs in a process of its own
// without blocking this one: test/unit.ts starts it first, so it runs beside the files before those two.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

export const REFUND = 'features/refund/which-orders-can-be-refunded.feature';
export const CART = 'features/cart/one-cart-per-mart.feature';

const CUCUMBER_BIN = join(
  dirname(createRequire(import.meta.url).resolve('@cucumber/cucumber/package.json')),
  'bin',
  'cucumber.js',
);

export interface ProjectRun {
  /** The run's folder: write beside the run here, never in reports/. */
  dir: string;
  messagesPath: string;
  coverageMapPath: string;
  features: readonly string[];
}

let run: Promise<ProjectRun> | undefined;

/** The run, started by the first caller of the process; rejects with Cucumber's output if a scenario failed. */
export function projectRun(): Promise<ProjectRun> {
  run ??= record(process.cwd());
  return run;
}

async function record(root: string): Promise<ProjectRun> {
  const dir = mkdtempSync(join(tmpdir(), 'martbook-project-run-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const messagesPath = join(dir, 'messages.ndjson');
  const coverageMapPath = join(dir, 'coverage-map.json');
  const config = join(dir, 'cucumber.mjs');
  writeFileSync(
    config,
    `import base from '${pathToFileURL(join(root, 'cucumber.mjs')).href}';\n` +
      `export default { ...base, format: ['message:${messagesPath}', './scripts/coverage-map-formatter.ts:${coverageMapPath}'] };\n`,
  );
  const features = [REFUND, CART];
  await promisify(execFile)(process.execPath, [CUCUMBER_BIN, '--config', relative(root, config), ...features], {
    cwd: root,
    env: { ...process.env, NODE_OPTIONS: '--import tsx', MARTBOOK_COVERAGE: '1' },
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout?: string; stderr?: string }) => {
    throw new Error(`the project's policy run failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`, { cause: error });
  });
  return { dir, messagesPath, coverageMapPath, features };
}
