// Synthetic input (the benchmark's): many features, retries, a failing AfterAll hook; counts match the run.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generate } from '../generate.ts';
import { loadRun } from '../load-run.ts';
import { writeSyntheticInput } from '../synthetic.ts';

describe('synthetic input', () => {
  it('renders 60 features with the counts of the run and the failing AfterAll hook', () => {
    const input = writeSyntheticInput(60);
    const outDir = join(input.dir, 'out');
    const result = generate({ messagesPath: input.messagesPath, outDir, root: input.root });
    assert.equal(result.features, 60);
    const expected = loadRun(input.messagesPath).query.countMostSevereTestStepResultStatus();
    for (const [status, count] of Object.entries(expected)) {
      assert.equal(result.counts[status.toLowerCase() as keyof typeof result.counts], count, status);
    }
    assert.ok(result.counts.failed > 0 && result.counts.undefined > 0 && result.counts.pending > 0);
    const index = readFileSync(join(outDir, 'index.md'), 'utf8');
    assert.match(index, /## Run hooks that failed/);
    assert.match(index, /\*\*AfterAll hook\*\*/);
    assert.match(index, /data-testid="run-commit">deadbeef on bench</);
    assert.match(readFileSync(join(outDir, 'refund/policy-1.md'), 'utf8'), /Attempt 2 of 2/);
    rmSync(input.dir, { recursive: true, force: true });
  });
});

describe('feature files the run never saw', () => {
  it('renders a file Gherkin cannot parse with its errors, and the others as not run', () => {
    const root = mkdtempSync(join(tmpdir(), 'martbook-unparsable-'));
    mkdirSync(join(root, 'features/cart'), { recursive: true });
    writeFileSync(
      join(root, 'features/cart/broken.feature'),
      'Feature: Broken\n  Scenario: x\n    Given ok\n    <script>not a step</script>\n',
    );
    writeFileSync(join(root, 'features/cart/fine.feature.md'), '# Feature: Fine\n\n## Scenario: y\n\n* Given ok\n');
    const outDir = join(root, 'out');
    const result = generate({ messagesPath: join(root, 'none.ndjson'), outDir, root });
    assert.equal(result.features, 2);
    assert.deepEqual(result.counts['not-run'], 1);
    const broken = readFileSync(join(outDir, 'cart/broken.md'), 'utf8');
    assert.match(broken, /:::danger\[This feature could not be parsed\]/);
    assert.match(broken, /line 4\\: .*&lt;script&gt;not a step&lt;\/script&gt;/);
    assert.match(readFileSync(join(outDir, 'cart/fine.md'), 'utf8'), /policy-status--not-run/);
    rmSync(root, { recursive: true, force: true });
  });
});
