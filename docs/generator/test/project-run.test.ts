// The project's own run renders: a real run of one refund and one cart policy of the project, with its own step
// definitions and hooks (shared with test:affected's tests, test/support/project-run.ts). Counts on the overview
// equal the run's own counts.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { projectRun } from '../../../test/support/project-run.ts';
import { generate, type GenerateResult } from '../generate.ts';
import { findFiles } from '../load-features.ts';
import { loadRun } from '../load-run.ts';

const projectRoot = resolve(fileURLToPath(import.meta.url), '../../../..');

describe("the project's own run", () => {
  let features: string[] = [];
  let outDir = '';
  let messagesPath = '';
  let result: GenerateResult;

  before(async () => {
    const run = await projectRun();
    features = [...run.features];
    outDir = join(run.dir, 'policies');
    messagesPath = run.messagesPath;
    result = generate({
      messagesPath,
      outDir,
      root: projectRoot,
      featureGlobs: features,
      apiBase: '/api',
      apiDomains: ['cart', 'refund'],
    });
  });

  it('renders one page per feature file, per domain', () => {
    const featureFiles = findFiles(projectRoot, features);
    assert.deepEqual(featureFiles.sort(), [...features].sort());
    assert.equal(result.features, featureFiles.length);
    for (const uri of featureFiles) {
      const [, domain = '', file = ''] = uri.split('/');
      const page = join(outDir, domain, `${file.replace(/\.feature(\.md)?$/, '').toLowerCase()}.md`);
      assert.ok(existsSync(page), page);
      assert.match(readFileSync(page, 'utf8'), /^---\ntitle: "/);
    }
    assert.match(
      readFileSync(join(outDir, 'cart/one-cart-per-mart.md'), 'utf8'),
      /Service code: \[\/api\/cart\/cart\\.service\]/,
    );
  });

  it('counts what the run counted', () => {
    const run = loadRun(messagesPath);
    const expected = run.query.countMostSevereTestStepResultStatus();
    assert.ok((expected.PASSED ?? 0) > 0, 'scenarios passed');
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
    assert.ok(readdirSync(outDir).includes('refund'));
  });
});
