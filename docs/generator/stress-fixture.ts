// Runs the stress fixture (docs/generator/test/fixtures: every status, hooks, retries, attachments, Korean,
// Markdown, empty and injection features) with cucumber-js and builds its pages: a site with deliberate
// failures for the generator's tests and the site's browser tests.
//   tsx docs/generator/stress-fixture.ts <outDir>
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildExampleWithHistory } from './example-history.ts';

export const FIXTURE_ROOT = join(dirname(fileURLToPath(import.meta.url)), 'test', 'fixtures');
export const FIXTURE_GLOBS = ['features/**/*.feature', 'features/**/*.feature.md'];
const CUCUMBER_BIN = join(
  dirname(createRequire(import.meta.url).resolve('@cucumber/cucumber/package.json')),
  'bin',
  'cucumber.js',
);

export interface FixtureRunOptions {
  /** Make the BeforeAll hook throw: cucumber-js then exits before running any scenario. */
  failBeforeAll?: boolean;
}

/** Runs cucumber-js on the stress fixture; returns the messages file (the run itself fails on purpose). */
export function runStressFixture(messagesPath: string, options: FixtureRunOptions = {}): string {
  const result = spawnSync(
    process.execPath,
    [
      CUCUMBER_BIN,
      ...FIXTURE_GLOBS,
      '--import',
      'steps.mjs',
      '--retry',
      '1',
      '--retry-tag-filter',
      '@flaky',
      '--format',
      `message:${messagesPath}`,
    ],
    {
      cwd: FIXTURE_ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '', FIXTURE_FAIL_BEFORE_ALL: options.failBeforeAll ? '1' : '' },
    },
  );
  if (result.error) throw result.error;
  return messagesPath;
}

/**
 * The site's example run: in the site, the fixture is the example run of "Reading a policy page", not a second
 * policy book. Every page says so, and the site's search leaves the section out (docusaurus.config.ts).
 */
export function writeExampleRun(outDir: string): void {
  const banner =
    'This is not a run of our policies. It is a test fixture with deliberate failures (docs/generator/test/fixtures), ' +
    'kept to show what every status, error and attachment looks like on a policy page.';
  // Built with a history of four runs over two commits, so the pages show history strips and a changelog.
  const result = buildExampleWithHistory(
    outDir,
    { root: FIXTURE_ROOT, globs: FIXTURE_GLOBS },
    { title: 'Example run', slug: '/example-run', position: 90, banner },
  );
  console.log(
    `Stress fixture: ${result.features} features, ${result.scenarios} scenarios → ${outDir} in ${Math.round(result.ms)} ms`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2];
  if (!outDir) throw new Error('usage: tsx docs/generator/stress-fixture.ts <outDir>');
  writeExampleRun(outDir);
}
