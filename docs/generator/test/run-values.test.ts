// A run's durations live beside a page, not in it (run-values.ts): the same run with other durations writes every
// page byte-identical, and only the side files differ, so the site's build can take the pages from its cache.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { generate } from '../generate.ts';
import { runValue, splitRunValues } from '../run-values.ts';
import { FIXTURE_GLOBS, FIXTURE_ROOT } from '../stress-fixture.ts';
import { runFixture } from './support/fixture-run.ts';

const tmp = mkdtempSync(join(tmpdir(), 'martbook-run-values-test-'));
const render = (messagesPath: string, outDir: string) =>
  generate({ messagesPath, outDir, root: FIXTURE_ROOT, featureGlobs: FIXTURE_GLOBS, sentencesReport: false });
const filesOf = (outDir: string, ending: string) =>
  readdirSync(outDir, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith(ending))
    .sort();
const read = (outDir: string, file: string) => readFileSync(join(outDir, file), 'utf8');

/** The run's messages with every step's duration one millisecond and a half longer. */
function slower(messages: string): string {
  return messages
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const envelope = JSON.parse(line) as { testStepFinished?: { testStepResult: { duration: { nanos: number } } } };
      const duration = envelope.testStepFinished?.testStepResult.duration;
      if (duration) duration.nanos = (duration.nanos + 1_500_000) % 1e9;
      return JSON.stringify(envelope);
    })
    .join('\n');
}

describe("a run's values", () => {
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('are replaced in order by elements that name them', () => {
    const { markdown, values } = splitRunValues(`a ${runValue('12 ms')} b ${runValue('1.50 s')}${runValue('')}`);
    assert.equal(
      markdown,
      'a <policy-run-value n="0"></policy-run-value> b <policy-run-value n="1"></policy-run-value>',
    );
    assert.deepEqual(values, ['12 ms', '1.50 s'], 'the values, in the order of their elements');
  });

  it('leave every page as it was when only the durations changed', async () => {
    const first = await runFixture(join(tmp, 'first.ndjson'));
    const second = join(tmp, 'second.ndjson');
    writeFileSync(second, slower(readFileSync(first, 'utf8')));
    const [before, afterwards] = [join(tmp, 'before'), join(tmp, 'after')];
    render(first, before);
    render(second, afterwards);
    const pages = filesOf(before, '.md');
    assert.deepEqual(filesOf(afterwards, '.md'), pages, 'the same pages');
    for (const page of pages) assert.equal(read(afterwards, page), read(before, page), `${page} is unchanged`);
    const changed = filesOf(before, '.run.json').filter((file) => read(afterwards, file) !== read(before, file));
    assert.ok(
      changed.includes('shop/every-status.run.json'),
      `the durations moved to the side files: ${changed.join(', ')}`,
    );
  });
});
