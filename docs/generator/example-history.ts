// The example run with a history: the stress fixture run four times in a scratch git repository, so the example
// pages show what history and changelog look like. Runs 1–3 are of a commit where "A failing scenario" still
// passed; run 2 has no retries, so the flaky scenario fails there and passes in runs 1 and 3 (on its retry) — it
// alternates with nothing changed. Run 4 is of the next commit, where that scenario was reworded and fails.
// `tsx docs/generator/stress-fixture.ts <outDir>` builds the site's example run this way.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { generate, type GenerateOptions, type GenerateResult } from './generate.ts';

const CUCUMBER_PACKAGE = dirname(createRequire(import.meta.url).resolve('@cucumber/cucumber/package.json'));
const CUCUMBER_BIN = join(CUCUMBER_PACKAGE, 'bin', 'cucumber.js');
/** The project's node_modules, linked into the scratch repository so the fixture's steps find @cucumber/cucumber. */
const NODE_MODULES = resolve(CUCUMBER_PACKAGE, '../..');
export const CHANGED_FEATURE = 'features/shop/every-status.feature';
export const CHANGED_SCENARIO = 'A failing scenario';
const NOW = `  Scenario: ${CHANGED_SCENARIO}\n    Given a step that passes\n    When a step that fails with "expected 3 items but found 2"`;
const BEFORE = `  Scenario: ${CHANGED_SCENARIO}\n    Given a step that passes\n    When a step that passes`;

/** Runs cucumber-js on the fixture copy in `root`; no CI variables, so the run's commit is the scratch repository's. */
export interface Fixture {
  /** The stress fixture's folder (features/ and steps.mjs) and its feature globs. */
  root: string;
  globs: readonly string[];
}

function runFixtureAt(root: string, globs: readonly string[], messagesPath: string, retry: boolean): string {
  const args = [CUCUMBER_BIN, ...globs, '--import', 'steps.mjs', '--format', `message:${messagesPath}`];
  if (retry) args.push('--retry', '1', '--retry-tag-filter', '@flaky');
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
  });
  if (result.error) throw result.error;
  return messagesPath;
}

function commitAll(root: string, message: string): void {
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=martbook', '-c', 'user.email=martbook@example.invalid', ...args], {
      cwd: root,
      stdio: 'ignore',
    });
  git('add', '-A');
  git('commit', '-q', '--no-gpg-sign', '-m', message);
}

/** A scratch git repository holding a copy of the stress fixture (features and steps). */
export function fixtureRepository(fixture: Fixture): string {
  const root = mkdtempSync(join(tmpdir(), 'martbook-example-history-'));
  cpSync(join(fixture.root, 'features'), join(root, 'features'), { recursive: true });
  cpSync(join(fixture.root, 'steps.mjs'), join(root, 'steps.mjs'));
  symlinkSync(NODE_MODULES, join(root, 'node_modules'), 'dir');
  writeFileSync(join(root, '.gitignore'), 'node_modules\n');
  execFileSync('git', ['init', '-q'], { cwd: root, stdio: 'ignore' });
  return root;
}

/** Replaces whole lines of a file, failing loudly when they are not there (the fixture changed). */
function replaceLine(path: string, from: string, to: string): void {
  const text = readFileSync(path, 'utf8');
  if (!text.includes(`${from}\n`)) throw new Error(`${path} no longer holds the line ${JSON.stringify(from)}`);
  writeFileSync(path, text.replace(`${from}\n`, `${to}\n`));
}

/** Builds the example run's pages in outDir with four runs of history and the changelog of the last commit. */
export function buildExampleWithHistory(
  outDir: string,
  fixture: Fixture,
  site: Partial<GenerateOptions> = {},
): GenerateResult {
  const root = fixtureRepository(fixture);
  const runs = mkdtempSync(join(tmpdir(), 'martbook-example-runs-'));
  try {
    const historyPath = join(runs, 'history.jsonl');
    const options = { root, featureGlobs: fixture.globs, history: { path: historyPath, codePaths: ['steps.mjs'] } };
    const feature = join(root, CHANGED_FEATURE);
    replaceLine(feature, NOW, BEFORE);
    commitAll(root, 'A failing scenario passes');
    [true, false, true].forEach((retry, index) => {
      const messagesPath = runFixtureAt(root, fixture.globs, join(runs, `run-${index + 1}.ndjson`), retry);
      generate({ ...options, messagesPath, outDir: join(runs, 'pages') });
    });
    replaceLine(feature, BEFORE, NOW);
    commitAll(root, 'A failing scenario fails');
    const messagesPath = runFixtureAt(root, fixture.globs, join(runs, 'run-4.ndjson'), true);
    return generate({ ...site, ...options, messagesPath, outDir, changelog: {} });
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(runs, { recursive: true, force: true });
  }
}
