// Runs of a changing repository, as the example run's history is built: three runs of one commit (the second
// without retries, so the flaky scenario fails there only), then a commit that rewords "A failing scenario" so it
// fails, and a fourth run. The change shows in "Since the last run", in the scenario's history strip and in the
// changelog; the scenario that alternated with nothing changed is marked flaky.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runFrontMatterPath } from '../../run-front-matter.ts';
import { CHANGED_SCENARIO, buildExampleWithHistory } from '../example-history.ts';
import { FIXTURE_GLOBS, FIXTURE_ROOT } from '../stress-fixture.ts';

const tmp = mkdtempSync(join(tmpdir(), 'martbook-two-runs-test-'));
/** A written page with this run's values (kept in its side file) put back where the page shows them. */
function read(page: string): string {
  const markdown = readFileSync(join(tmp, page), 'utf8');
  const sideFile = join(tmp, runFrontMatterPath(page));
  if (!existsSync(sideFile)) return markdown;
  const { run_values: values = [] } = JSON.parse(readFileSync(sideFile, 'utf8')) as { run_values?: string[] };
  return markdown
    .replace(/<policy-run-value n="(\d+)"><\/policy-run-value>/g, (_, n: string) => values[Number(n)] ?? '')
    .replace(/<policy-history of="(\w+)" n="(\d+)">/g, (_, of: string, n: string) => {
      return `<policy-history of="${of}" runs="${values[Number(n)] ?? ''}">`;
    });
}

/** The section of a page from a heading line to the next heading of the same level. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(heading);
  assert.ok(start >= 0, `no ${heading}`);
  const level = /^#+/.exec(heading)?.[0] ?? '#';
  const rest = markdown.slice(start + heading.length);
  const end = rest.search(new RegExp(`\\n${level} `));
  return end < 0 ? rest : rest.slice(0, end);
}

/** The status letters of the history strip under a scenario heading. */
function strip(markdown: string, scenario: string): string[] {
  const text = section(markdown, `## Scenario\\: ${scenario}`);
  const runs = /<policy-history of="scenario" runs="([^"]*)">/.exec(text)?.[1] ?? '';
  return runs.split(' ').map((token) => token.split('/')[0] ?? '');
}

describe('two commits, four runs', () => {
  before(() => buildExampleWithHistory(tmp, { root: FIXTURE_ROOT, globs: FIXTURE_GLOBS }));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('shows the reworded scenario as regressed since the last run, and the flaky one as flaky', () => {
    const since = section(read('index.md'), '## Since the last run');
    assert.match(since, /data-testid="since-regressed">1</);
    assert.match(
      section(since, '### Regressed'),
      new RegExp(
        `\\[Every status a scenario can end in › ${CHANGED_SCENARIO}\\]\\(\\./shop/every-status\\.md#scenario-a-failing-scenario\\) — passed → failed\\n`,
      ),
    );
    assert.match(section(since, '### Flaky'), /A flaky scenario that passes on its second attempt/);
    assert.doesNotMatch(since, /### (Fixed|New|Removed)/);
  });

  it('shows the change at the end of the scenario’s history strip, with a link to the changelog', () => {
    const page = read('shop/every-status.md');
    assert.deepEqual(strip(page, CHANGED_SCENARIO), ['passed', 'passed', 'passed', 'failed']);
    assert.match(
      section(page, `## Scenario\\: ${CHANGED_SCENARIO}`),
      /data-testid="changed-mark" data-change="both">\[Changed since [0-9a-f]{7}: spec and behaviour changed\]\(\.\.\/changelog\.md#changes-features-shop-every-status\)/,
    );
    assert.doesNotMatch(section(page, '## Scenario\\: A passing scenario'), /changed-mark|flaky-mark/);
  });

  it('marks the scenario that alternated with nothing changed as flaky', () => {
    const flaky = section(
      read('shop/every-status.md'),
      '## Scenario\\: A flaky scenario that passes on its second attempt',
    );
    assert.deepEqual(strip(read('shop/every-status.md'), 'A flaky scenario that passes on its second attempt'), [
      'passed',
      'failed',
      'passed',
      'passed',
    ]);
    assert.match(flaky, /data-testid="flip-rate">changed status 2 of 3 times</);
    assert.match(flaky, /data-testid="flaky-mark"/);
  });

  it('lists the scenario in the changelog as spec and behaviour changed, with its reworded step', () => {
    const changelog = read('changelog.md');
    assert.match(changelog, /data-testid="changes-both">1</);
    assert.match(changelog, /data-testid="changes-spec">0</);
    const entry = section(changelog, '## Every status a scenario can end in');
    assert.match(
      entry,
      /\[Scenario\\: A failing scenario\]\(\.\/shop\/every-status\.md#scenario-a-failing-scenario\) — <span class="policy-change" data-change="both">spec and behaviour changed<\/span> · reworded · passed → failed/,
    );
    assert.match(
      entry,
      /<code>− When a step that passes<\/code>\n {2}- <code>\\\+ When a step that fails with &quot;expected 3 items but found 2&quot;<\/code>/,
    );
  });
});
