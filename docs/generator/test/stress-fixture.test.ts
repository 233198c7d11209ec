// The stress fixture run through cucumber-js, then rendered: counts match the run, every kind of content
// shows up, nothing from a feature or a result reaches a page as markup.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import type { Nodes } from 'mdast';
import { generate, type GenerateResult } from '../generate.ts';
import { loadRun } from '../load-run.ts';
import { readScenarioData } from '../scenario-data.ts';
import { FIXTURE_GLOBS, FIXTURE_ROOT, runStressFixture } from '../stress-fixture.ts';
import { runFixture } from './support/fixture-run.ts';

const tmp = mkdtempSync(join(tmpdir(), 'martbook-generator-test-'));
const render = (messagesPath: string, outDir: string) =>
  generate({
    messagesPath,
    outDir,
    root: FIXTURE_ROOT,
    featureGlobs: FIXTURE_GLOBS,
    apiBase: '/api',
    apiDomains: ['shop'],
  });
const read = (outDir: string, page: string) => readFileSync(join(outDir, page), 'utf8');

function pages(outDir: string): string[] {
  return readdirSync(outDir, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.md'));
}

/** Raw HTML nodes outside code, except the elements the generator itself writes. */
function foreignHtml(markdown: string): string[] {
  const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
  const tree = fromMarkdown(body, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const ours =
    /^<\/?(span|code|details|summary|br|img|div|policy-run-value)( (class|data-status|data-testid|alt|src|n)="[^"<>]*")*( open)? ?\/?>$/;
  const found: string[] = [];
  const visit = (node: Nodes) => {
    if (node.type === 'html')
      found.push(
        ...node.value.split(/(?=<)/).filter((tag) => tag.startsWith('<') && !ours.test(tag.split('>')[0] + '>')),
      );
    if ('children' in node) node.children.forEach(visit);
  };
  visit(tree);
  return found;
}

describe('the stress fixture', () => {
  const outDir = join(tmp, 'site');
  let messagesPath = '';
  let result: GenerateResult;

  after(() => rmSync(tmp, { recursive: true, force: true }));

  before(async () => {
    messagesPath = await runFixture(join(tmp, 'messages.ndjson'));
    result = render(messagesPath, outDir);
  });

  it('renders every feature file, the overview and the step catalogue', () => {
    assert.equal(result.features, 7);
    assert.deepEqual(pages(outDir).sort(), [
      'code/steps-mjs.md',
      'empty/blank.md',
      'empty/nothing-yet.md',
      'index.md',
      'international/korean.md',
      'international/markdown-policy.md',
      'shop/every-status.md',
      'shop/injection-attempts.md',
      'shop/rules-and-outlines.md',
      'steps.md',
    ]);
    assert.equal((JSON.parse(read(outDir, 'shop/_category_.json')) as { label: string }).label, 'Shop');
  });

  it('counts exactly what the run counted', () => {
    const expected = loadRun(messagesPath).query.countMostSevereTestStepResultStatus();
    for (const [status, count] of Object.entries(expected)) {
      assert.equal(result.counts[status.toLowerCase() as keyof GenerateResult['counts']], count, status);
    }
    assert.deepEqual(result.counts, {
      passed: 11,
      failed: 6,
      ambiguous: 1,
      undefined: 1,
      pending: 1,
      skipped: 1,
      unknown: 0,
      'not-run': 0,
    });
    const index = read(outDir, 'index.md');
    assert.match(index, /data-testid="count-passed">11</);
    assert.match(index, /data-testid="count-failed">7</);
    assert.match(index, /data-testid="count-not-implemented">2</);
    assert.match(index, /^slug: "\/policies"$/m);
  });

  it('shows statuses, errors, hooks, retries, attachments, outlines and backgrounds', () => {
    const statuses = read(outDir, 'shop/every-status.md');
    for (const status of ['passed', 'failed', 'pending', 'undefined', 'ambiguous', 'skipped']) {
      assert.match(statuses, new RegExp(`policy-status--${status}`));
    }
    assert.match(statuses, /Error: expected 3 items but found 2/);
    assert.match(statuses, /data-status="failed">failed<\/span> \*\*Before hook\*\*/);
    assert.match(statuses, /data-status="failed">failed<\/span> \*\*After hook\*\*/);
    assert.match(statuses, /Attempt 1 of 2: <span[^>]*data-status="failed"/);
    assert.match(statuses, /Attempt 2 of 2: <span[^>]*data-status="passed"/);
    assert.match(statuses, /<img class="policy-attachment" alt="pixel.png" src="data:image\/png;base64,iVBOR/);
    assert.match(statuses, /hook log: starting <scenario>/);
    assert.match(statuses, /Attachment \(application\/octet\\-stream\) blob\\\.bin \(3 bytes, not shown\)/);
    assert.ok(!statuses.includes('/work/'), 'paths are relative to the project');
    const outlines = read(outDir, 'shop/rules-and-outlines.md');
    assert.match(outlines, /## Rule\\: Quantities are whole numbers \{#rule-quantities-are-whole-numbers\}/);
    assert.match(outlines, /\| <span[^|]*data-status="failed"[^|]*\| \\-1 \| accepted \|/);
    // A background that passed is shown once, above the scenarios, not again in each of them.
    assert.equal(outlines.split('**Given** a table of products').length - 1, 1);
    assert.match(outlines, /Background: 2 steps, as shown above/);
    assert.match(outlines, /````markdown\n {2}# A heading inside a doc string\n {2}```js/);
  });

  it('folds scenarios that passed and opens those that did not, with badges in words', () => {
    const statuses = read(outDir, 'shop/every-status.md');
    assert.match(statuses, /<details class="policy-scenario" data-status="passed">/);
    assert.match(statuses, /<details class="policy-scenario" data-status="failed" open>/);
    assert.match(statuses, /data-status="undefined">not implemented \(undefined\)<\/span>/);
    assert.doesNotMatch(statuses, /\p{Extended_Pictographic}/u);
  });

  it('links every step to its definition on a code page, with an anchor per definition', () => {
    const statuses = read(outDir, 'shop/every-status.md');
    const meta =
      /\*\*Given\*\* a step that passes <span class="policy-step-meta"><policy-run-value n="(\d+)"><\/policy-run-value> · \[steps\\\.mjs\\:24\]\(\.\.\/code\/steps-mjs\.md#line-24\)/.exec(
        statuses,
      );
    assert.ok(meta, 'the step shows its duration, then a link to its definition');
    // Its duration is this run's: in the page's side file, not in the page.
    const { run_values: values } = JSON.parse(read(outDir, 'shop/every-status.run.json')) as { run_values: string[] };
    assert.match(values[Number(meta[1])] ?? '', /^\d+ ms$/, `the step's duration, value ${meta[1]} of the side file`);
    const code = read(outDir, 'code/steps-mjs.md');
    for (const line of [...statuses.matchAll(/steps-mjs\.md#line-(\d+)/g)].map((match) => match[1])) {
      assert.match(code, new RegExp(`\\{#line-${line}\\}\n\n\`{3,}js showLineNumbers=${line}\n`));
    }
    assert.match(code, /Given\('a step that passes', function \(\) \{\}\);/);
  });

  it('draws the vendor calls as a sequence diagram whose labels cannot break it', () => {
    const statuses = read(outDir, 'shop/every-status.md');
    const diagram = /```mermaid\n([\s\S]*?)\n\s*```/.exec(statuses)?.[1] ?? '';
    assert.match(diagram, /P->>V0: POST \/payments\/cancel\n\s+V0-->>P: 200\n/);
    // A refusal PortOne sends inside a 200 answer shows its code.
    assert.match(diagram, /P->>V0: POST \/payments\/cancel\n\s+V0-->>P: 200 code 1\n/);
    assert.match(statuses, /^ *- portone\\: POST \/payments\/cancel → 200 code 1$/m);
    assert.match(diagram, /participant V1 as evil#59;vendor#60;b#62;/);
    assert.match(diagram, /V1--xP: no response #40;fault#58; cut#58; #60;off#62;#41;/);
    // Each label stays on its line: no raw ; < > % { } # outside entity codes.
    for (const line of diagram.split('\n').slice(1)) {
      const label = line.replace(/^[^:]*: |^\s*participant \w+ as /, '').replace(/#\d+;/g, '');
      assert.doesNotMatch(label, /[;<>%{}#:]/, line);
    }
  });

  it('records every scenario with its status, tags, Rule and vendor calls for the filters and contract pages', () => {
    const data = readScenarioData(outDir);
    assert.equal(data.scenarios.length, 21);
    const outline = data.scenarios.find(
      (scenario) => scenario.page === 'shop/rules-and-outlines.md' && scenario.status === 'failed',
    );
    assert.deepEqual(outline?.rule, {
      name: 'Quantities are whole numbers',
      anchor: 'rule-quantities-are-whole-numbers',
    });
    const attachments = data.scenarios.find((scenario) => scenario.name === 'A scenario with attachments');
    assert.deepEqual(attachments?.tags, ['@stress', '@attachments']);
    assert.equal(attachments?.calls.length, 3);
    assert.equal(attachments?.calls[1]?.code, 1);
  });

  it('renders Korean, Markdown and empty features', () => {
    assert.match(read(outDir, 'international/korean.md'), /^title: "장바구니 정책"$/m);
    assert.match(read(outDir, 'international/korean.md'), /\*\*만일\*\* a step that passes/);
    assert.match(read(outDir, 'international/markdown-policy.md'), /Milk \| 2500/);
    assert.match(read(outDir, 'empty/nothing-yet.md'), /No scenarios yet/);
    assert.match(read(outDir, 'empty/blank.md'), /holds no feature yet/);
  });

  it('lets no text from features or results through as markup', () => {
    for (const page of pages(outDir)) assert.deepEqual(foreignHtml(read(outDir, page)), [], page);
    const injection = read(outDir, 'shop/injection-attempts.md');
    // A word joiner after each < in the title: Docusaurus copies titles unescaped into a JSON-LD <script>.
    assert.match(
      injection,
      /^title: "Injection <\u2060script>alert\(1\)<\u2060\/script> \{x\} `tick` <\u2060Foo \/>"$/m,
    );
    assert.match(injection, /\[a link\]\\\(javascript/);
    assert.match(injection, /\\\[ref\]: javascript/);
    assert.equal((injection.match(/\{#scenario-/g) ?? []).length, 2);
  });

  it('gives every page a meta description in plain words, as Docusaurus reads it', async () => {
    const { DEFAULT_PARSE_FRONT_MATTER, parseMarkdownFile } = await import('@docusaurus/utils');
    const descriptionOf = async (page: string) => {
      const parsed = await parseMarkdownFile({
        filePath: page,
        fileContent: read(outDir, page),
        parseFrontMatter: (params) => DEFAULT_PARSE_FRONT_MATTER(params),
        removeContentTitle: true,
      });
      // What the docs plugin puts in <meta name="description">: the front matter's, else the first Markdown line.
      return (parsed.frontMatter.description as string | undefined) ?? parsed.excerpt ?? '';
    };
    for (const page of pages(outDir)) {
      const description = await descriptionOf(page);
      assert.notEqual(description, '', page);
      assert.doesNotMatch(description, /\\|&(?:amp|lt|gt|#\d+);/, `${page}: ${description}`);
    }
    assert.equal(
      await descriptionOf('shop/every-status.md'),
      'Each scenario below ends in a different status, so the generated page shows them all. Some text is bold and ' +
        'some is code with <b>tags</b>.',
    );
  });

  it('lists every step definition with its use and flags the unused one', () => {
    const steps = read(outDir, 'steps.md');
    assert.match(
      steps,
      /\| a step that passes \| cucumber-expression \| \[steps\\\.mjs\\:24\]\(\.\/code\/steps-mjs\.md#line-24\) \| 14 \|/,
    );
    assert.match(steps, /\\\^a step that matches \\\(twice\\\|thrice\\\)\\\$ \| regex/);
    assert.match(steps, /an unused step definition \\\{int\\\}[^\n]*unused/);
  });

  it('renders a run that crashed midway, with the unfinished scenario as unknown', () => {
    const lines = readFileSync(messagesPath, 'utf8').split('\n');
    const cut = lines.findIndex((line, index) => line.startsWith('{"testStepFinished"') && index > lines.length / 2);
    const crashed = join(tmp, 'crashed.ndjson');
    writeFileSync(crashed, `${lines.slice(0, cut).join('\n')}\n{"testStepFinished":{"testCa`);
    const crashedResult = render(crashed, join(tmp, 'crashed'));
    assert.equal(crashedResult.runFinished, false);
    assert.equal(crashedResult.counts.unknown, 1);
    assert.ok(crashedResult.counts['not-run'] > 0);
    assert.equal(crashedResult.scenarios, 21);
    assert.match(read(join(tmp, 'crashed'), 'index.md'), /The run did not finish/);
  });

  it('renders a run whose BeforeAll hook failed as not run', () => {
    const failed = runStressFixture(join(tmp, 'before-all.ndjson'), { failBeforeAll: true });
    const failedResult = render(failed, join(tmp, 'before-all'));
    assert.equal(failedResult.counts['not-run'], 21);
    assert.match(read(join(tmp, 'before-all'), 'index.md'), /The run did not finish/);
  });

  it('renders every feature as not run when there are no messages', () => {
    const missing = render(join(tmp, 'missing.ndjson'), join(tmp, 'missing'));
    assert.equal(missing.messagesFound, false);
    assert.equal(missing.counts['not-run'], 21);
    assert.match(read(join(tmp, 'missing'), 'index.md'), /No run found/);
    assert.match(read(join(tmp, 'missing'), 'shop/every-status.md'), /- \*\*Given\*\* a step that passes/);
  });
});
