// The sentence audit's proof on the site: from a report beside the run, each policy page ends with what the audit
// tried on its words (killed / total, survivors with their sentence and change, declarations with their reasons,
// thresholds), a page the audit did not cover or whose feature changed since says so, and the overview shows the
// proof per domain. Without a report, nothing is added.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generate } from '../generate.ts';
import type { FeatureProof, ProofMutant, SentenceReport } from '../proof.ts';
import { FIXTURE_GLOBS, FIXTURE_ROOT } from '../stress-fixture.ts';
import { runFixture } from './support/fixture-run.ts';

const tmp = mkdtempSync(join(tmpdir(), 'martbook-proof-test-'));
const OUTLINES = 'features/shop/rules-and-outlines.feature';
const STATUSES = 'features/shop/every-status.feature';

const mutant = (verdict: ProofMutant['verdict'], extra: Partial<ProofMutant> = {}): ProofMutant => ({
  sentence: { text: 'Given a note:', line: 30 },
  scenario: { name: 'A note with a doc string', line: 29 },
  where: 'doc string',
  argument: 'doc string',
  line: 34,
  original: 'const x = 1;',
  replacement: 'const x = 2;',
  operator: '+1 (1)',
  verdict,
  threshold: null,
  ...extra,
});

const feature = (uri: string, sha256: string, mutants: ProofMutant[], declarations: FeatureProof['declarations']) => {
  const count = (verdict: ProofMutant['verdict']) => mutants.filter((m) => m.verdict === verdict).length;
  return {
    uri,
    sha256,
    domain: 'shop',
    name: uri,
    totals: {
      mutants: mutants.length,
      killed: count('killed'),
      survived: count('survived'),
      declared: count('declared'),
      notJudged: count('not judged'),
    },
    declarations,
    brokenScenarios: [],
    mutants,
  } satisfies FeatureProof;
};

const report: SentenceReport = {
  version: 2,
  generatedAt: '2026-12-01T21:30:12.345Z',
  scope: { paths: ['features'], changedSince: null },
  totals: { mutants: 6, killed: 3, survived: 1, declared: 2, notJudged: 0 },
  features: [
    feature(
      OUTLINES,
      createHash('sha256')
        .update(readFileSync(join(FIXTURE_ROOT, OUTLINES)))
        .digest('hex'),
      [
        mutant('survived', { tried: ['const x = 3;'] }),
        mutant('killed', {
          sentence: { text: 'When a customer orders <quantity> items', line: 15 },
          threshold: { bound: 'at least', declaredAt: null },
        }),
        mutant('declared'),
        mutant('declared'),
        mutant('killed', { threshold: { bound: 'at most', declaredAt: 9 } }),
      ],
      [
        {
          kind: 'irrelevant',
          line: 28,
          values: ['const x = 1;'],
          reason: 'the note is kept verbatim, whatever it holds',
          mutants: 2,
          problem: null,
        },
        {
          kind: 'at most',
          line: 9,
          values: ['1200'],
          reason: 'a price list is read up to its largest price',
          mutants: 1,
          problem: null,
        },
      ],
    ),
    {
      ...feature(STATUSES, 'not-the-text-of-today', [mutant('killed')], []),
      skippedScenarios: [{ name: 'Only on a real backend', line: 40, tags: ['@real-redis-only'], mutants: 7 }],
    },
  ],
};

const HEADING = '## How these sentences are proven';
const read = (page: string) => readFileSync(join(tmp, 'site', page), 'utf8');
const proofOf = (page: string) => read(page).slice(read(page).indexOf(HEADING));

describe('the proof on the site', () => {
  let messagesPath: string;
  before(async () => {
    messagesPath = await runFixture(join(tmp, 'messages.ndjson'));
    writeFileSync(join(tmp, 'sentences.json'), JSON.stringify(report));
    generate({
      messagesPath,
      outDir: join(tmp, 'site'),
      root: FIXTURE_ROOT,
      featureGlobs: FIXTURE_GLOBS,
      sentencesReport: join(tmp, 'sentences.json'),
    });
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('ends each policy page with its verdict, survivors linked to their scenario, declarations with reasons', () => {
    const proof = proofOf('shop/rules-and-outlines.md');
    assert.match(
      proof,
      /\[sentence audit\]\(\.\.\/\.\.\/guides\/how-a-sentence-is-proven\.md\) of 2026-12-01 21:30 UTC/,
    );
    assert.match(
      proof,
      /\*\*2 of 5\*\* changes failed it; 2 stood on a value declared irrelevant on purpose; \*\*1 survived\*\*/,
    );
    assert.match(proof, /The policy is not proven\./);
    // Values as the generator writes any text: HTML-escaped, Markdown punctuation backslash-escaped.
    assert.match(
      proof,
      /\*\*Survivors\*\*[^\n]*\n\n- \[A note with a doc string\]\(#scenario-a-note-with-a-doc-string\), line 30: <code>Given a note\\:<\/code> — &quot;const x \\= 1;&quot; → &quot;const x \\= 2;&quot; \(doc string, line 34\) still passes, as do &quot;const x \\= 3;&quot;/,
    );
    assert.match(
      proof,
      /- line 28, irrelevant &quot;const x \\= 1;&quot;: the note is kept verbatim, whatever it holds \(2 changes\)/,
    );
    assert.match(
      proof,
      /\*\*Thresholds\*\*[^\n]*\(1 change of numbers the sentences bound in words\):\n\n- line 9, at most &quot;1200&quot;: a price list/,
    );
    assert.doesNotMatch(proof, /Changed since the audit/);
  });

  it('marks each survivor plainly in the scenario it survived in, and nowhere else', () => {
    const page = read('shop/rules-and-outlines.md');
    const scenario = page.slice(page.indexOf('Scenario\\: A note with a doc string'), page.indexOf(HEADING));
    assert.match(
      scenario,
      /\*\*Not proven\*\* — the sentence audit changed these words and the scenario still passed:\n\n- line 30: <code>Given a note\\:<\/code> — &quot;const x \\= 1;&quot; → &quot;const x \\= 2;&quot; \(doc string, line 34\) still passes/,
    );
    assert.equal(page.split('**Not proven**').length, 2, 'one mark, in that scenario');
  });

  it('says so when the feature changed after the audit, or the audit did not cover it', () => {
    const changed = proofOf('shop/every-status.md');
    assert.match(
      changed,
      /\*\*1 of 1\*\* changes failed it\. Every word of the scenarios it ran is checked; 1 scenario was not audited here\./,
    );
    assert.match(
      changed,
      /\*\*Not audited here\*\*[^\n]*\n\n- line 40: Only on a real backend \(@real\\-redis\\-only; 7 changes untried\)/,
    );
    assert.match(changed, /:::caution\[Changed since the audit\]/);
    assert.match(proofOf('shop/injection-attempts.md'), /did not cover this policy: its words are not proven yet/);
  });

  it('shows the book’s proof per domain on the overview', () => {
    const overview = read('index.md').slice(read('index.md').indexOf('## Every sentence proven'));
    assert.match(overview, /\[sentence audit\]\(\.\.\/guides\/how-a-sentence-is-proven\.md\)/);
    assert.match(
      overview,
      /6 changes, 3 failed their scenario, 2 stood on a value declared irrelevant on purpose, 1 survived\./,
    );
    assert.match(overview, /\| Shop \| 2 of 3 \| 6 \| 3 \| 2 \| 1 \| 0 \|/);
    assert.match(overview, /\| International \| 0 of 2 \| \| \| \| \| \|/);
  });

  it('adds nothing without a report', () => {
    const bare = join(tmp, 'bare');
    generate({ messagesPath, outDir: bare, root: FIXTURE_ROOT, featureGlobs: FIXTURE_GLOBS });
    assert.doesNotMatch(readFileSync(join(bare, 'shop/rules-and-outlines.md'), 'utf8'), /How these sentences/);
    assert.doesNotMatch(readFileSync(join(bare, 'index.md'), 'utf8'), /Every sentence proven/);
  });
});
