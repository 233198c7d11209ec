// The project's own run renders: a fresh run of the cart policies (written to a temporary file, so the
// reports of the developer's last run are left alone). Counts on the overview equal the run's own counts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generate, type GenerateResult } from '../generate.ts';
import { findFiles } from '../load-features.ts';
import { loadRun } from '../load-run.ts';

const projectRoot = resolve(fileURLToPath(import.meta.url), '../../../..');
const tmp = mkdtempSync(join(tmpdir(), 'martbook-project-run-'));

const CART_FEATURES = ['features/cart/**/*.feature'];

function projectMessages(): string {
  const fresh = join(tmp, 'messages.ndjson');
  const config = join(tmp, 'cucumber.mjs');
  const options = {
    paths: CART_FEATURES,
    import: ['steps/support/**/*.ts', 'steps/**/*.steps.ts'],
    format: [`message:${fresh}`],
  };
  writeFileSync(config, `export default ${JSON.stringify(options)};\n`);
  spawnSync('npx', ['cucumber-js', '--config', relative(projectRoot, config)], {
    cwd: projectRoot,
    stdio: 'ignore',
    env: { ...process.env, NODE_OPTIONS: '--import tsx' },
  });
  return fresh;
}

describe("the project's own run", () => {
  const outDir = join(tmp, 'policies');
  let messagesPath = '';
  let result: GenerateResult;

  after(() => rmSync(tmp, { recursive: true, force: true }));

  before(() => {
    messagesPath = projectMessages();
    result = generate({
      messagesPath,
      outDir,
      root: projectRoot,
      featureGlobs: CART_FEATURES,
      apiBase: '/api',
      apiDomains: ['cart'],
    });
  });

  it('renders one page per feature file, per domain', () => {
    const featureFiles = findFiles(projectRoot, CART_FEATURES);
    assert.ok(featureFiles.length > 0);
    assert.equal(result.features, featureFiles.length);
    for (const uri of featureFiles) {
      const [, domain = '', file = ''] = uri.split('/');
      const page = join(outDir, domain, `${file.replace(/\.feature(\.md)?$/, '').toLowerCase()}.md`);
      assert.ok(existsSync(page), page);
      assert.match(readFileSync(page, 'utf8'), /^---\ntitle: "/);
    }
    assert.match(
      readFileSync(join(outDir, 'cart/the-vanished-cart.md'), 'utf8'),
      /Service code: \[\/api\/cart\/cart\\.service\]/,
    );
  });

  it('counts what the run counted', () => {
    const run = loadRun(messagesPath);
    const expected = run.query.countMostSevereTestStepResultStatus();
    for (const [status, count] of Object.entries(expected)) {
      assert.equal(result.counts[status.toLowerCase() as keyof GenerateResult['counts']], count, status);
    }
    assert.equal(result.scenarios, run.query.findAllPickles().length);
    const index = readFileSync(join(outDir, 'index.md'), 'utf8');
    assert.match(index, new RegExp(`data-testid="count-passed">${expected.PASSED}<`));
    assert.match(index, /data-testid="run-backend">(embedded|real)</);
  });

  it('lists every step definition in the catalogue', () => {
    const run = loadRun(messagesPath);
    const steps = readFileSync(join(outDir, 'steps.md'), 'utf8');
    const rows = steps.split('\n').filter((line) => /^\| .* \| (cucumber-expression|regex) \|/.test(line));
    assert.equal(rows.length, run.query.findAllStepDefinitions().length);
    assert.ok(readdirSync(outDir).includes('cart'));
  });
});
