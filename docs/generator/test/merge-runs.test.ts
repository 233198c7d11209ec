// Sharded runs merged: the stress fixture run whole and as three shards (cucumber-js --shard i/3), each
// rendered; the merged book has the single run's counts, pages and statuses on every page.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generate, type GenerateResult } from '../generate.ts';
import { loadRuns } from '../merge-runs.ts';
import { FIXTURE_GLOBS, FIXTURE_ROOT } from '../stress-fixture.ts';
import { runFixture } from './support/fixture-run.ts';

const tmp = mkdtempSync(join(tmpdir(), 'martbook-shards-test-'));

const pages = (dir: string) =>
  readdirSync(dir, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.md'))
    .sort();
/** Every status a page shows, in order: scenario badges and example rows. */
const statusesOn = (dir: string, page: string) =>
  [...readFileSync(join(dir, page), 'utf8').matchAll(/data-status="([\w-]+)"/g)].map((match) => match[1]);

describe('three shards merged', () => {
  const [singleDir, mergedDir] = [join(tmp, 'single'), join(tmp, 'merged')];
  let single: GenerateResult;
  let merged: GenerateResult;
  const shards: string[] = [];
  after(() => rmSync(tmp, { recursive: true, force: true }));

  before(async () => {
    const whole = await runFixture(join(tmp, 'whole.ndjson'));
    for (const [index, shard] of ['1/3', '2/3', '3/3'].entries())
      shards.push(await runFixture(join(tmp, `shard-${index + 1}.ndjson`), { shard }));
    const render = (messagesPath: string | string[], outDir: string) =>
      generate({ messagesPath, outDir, root: FIXTURE_ROOT, featureGlobs: FIXTURE_GLOBS });
    single = render(whole, singleDir);
    merged = render(shards, mergedDir);
  });

  it('each shard ran only part of the scenarios', () => {
    const ran = shards.map((path) => loadRuns([path]).testCases.length);
    assert.ok(
      ran.every((count) => count > 0 && count < single.scenarios),
      String(ran),
    );
    assert.equal(
      ran.reduce((sum, count) => sum + count, 0),
      single.scenarios,
    );
  });

  it('counts what the single run counts', () => {
    assert.deepEqual(merged.counts, single.counts);
    assert.equal(merged.scenarios, single.scenarios);
    assert.equal(merged.features, single.features);
    assert.equal(merged.runFinished, true);
    for (const id of ['count-passed', 'count-failed', 'count-total', 'count-not-run']) {
      const count = (dir: string) =>
        new RegExp(`data-testid="${id}">(\\d+)<`).exec(readFileSync(join(dir, 'index.md'), 'utf8'))?.[1];
      assert.equal(count(mergedDir), count(singleDir), id);
    }
  });

  it('has the same pages, each with the same statuses in the same order', () => {
    assert.deepEqual(pages(mergedDir), pages(singleDir));
    for (const page of pages(singleDir))
      assert.deepEqual(statusesOn(mergedDir, page), statusesOn(singleDir, page), page);
  });

  it('lists each step definition once, with the uses of all shards', () => {
    const rows = (dir: string) =>
      readFileSync(join(dir, 'steps.md'), 'utf8')
        .split('\n')
        .filter((line) => /\| (cucumber-expression|regex) \|/.test(line));
    assert.deepEqual(rows(mergedDir), rows(singleDir));
  });

  it('refuses shards that ran different versions of a feature', () => {
    const other = join(tmp, 'other.ndjson');
    const lines = readFileSync(shards[1]!, 'utf8').replace(
      'Every status a scenario can end in',
      'Every status, reworded',
    );
    writeFileSync(other, lines);
    assert.throws(() => loadRuns([shards[0]!, other]), /different versions of features\/shop\/every-status\.feature/);
  });
});
