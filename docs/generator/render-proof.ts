// The proof on the site: a section at the end of each policy page (what the sentence audit tried on the feature's
// words and what became of it) and one at the end of the overview (the book's proof per domain). Both link the
// guide that explains how to read them.
import { inlineText, tableCell } from './escape.ts';
import type { FeatureProof, Proof, ProofMutant, ProofTotals } from './proof.ts';
import type { PageAnnotations } from './render-history.ts';

/** The guide, from the policies folder (docs/content/policies → docs/content/guides). */
const GUIDE = 'guides/how-a-sentence-is-proven.md';
const HEADING = '## How these sentences are proven';

export function renderFeatureProof(
  proof: Proof,
  uri: string,
  scenarios: readonly { name: string; anchor: string }[],
): string {
  const guide = `../../${GUIDE}`;
  const verdict = proof.of(uri);
  const out = ['', HEADING, ''];
  if (!verdict) {
    out.push(
      `The last [sentence audit](${guide}) (${when(proof)}) did not cover this policy: its words are not proven yet.`,
    );
    return `${out.join('\n')}\n`;
  }
  const { proof: feature, changedSince } = verdict;
  const t = feature.totals;
  const skipped = feature.skippedScenarios ?? [];
  out.push(
    `The [sentence audit](${guide}) of ${when(proof)} changed one word of these sentences at a time — a number one ` +
      `up or down, a name for another of its kind — and ran the scenario again each time. ${outcome(t, skipped.length)}`,
  );
  if (changedSince)
    out.push(
      '',
      ':::caution[Changed since the audit]',
      '',
      'This feature was edited after the audit: the figures are those of its earlier text. `npm run test:sentences -- ' +
        `${inlineText(uri)}\` proves it again.`,
      '',
      ':::',
    );
  const anchorOf = (m: ProofMutant) => scenarios.find((s) => s.name === m.scenario.name)?.anchor;
  const survivors = feature.mutants.filter((m) => m.verdict === 'survived');
  if (survivors.length > 0) {
    out.push('', '**Survivors** — no check depends on these words; the audit fails until each is resolved:', '');
    for (const m of survivors) out.push(`- ${mutantLine(m, anchorOf(m))}`);
  }
  if (feature.brokenScenarios.length > 0) {
    out.push('', '**Not judged** — these scenarios failed with no word changed, so no change of theirs counts:', '');
    for (const s of feature.brokenScenarios) out.push(`- line ${s.line}: ${inlineText(s.name)}`);
  }
  if (skipped.length > 0) {
    out.push(
      '',
      '**Not audited here** — skipped with no word changed in the audit’s run, so their changes were not tried:',
      '',
    );
    for (const s of skipped) {
      const why = s.tags.length > 0 ? s.tags.join(' ') : 'skipped by a hook';
      out.push(
        `- line ${s.line}: ${inlineText(s.name)} (${inlineText(why)}; ${s.mutants} change${s.mutants === 1 ? '' : 's'} untried)`,
      );
    }
  }
  const declared = feature.declarations.filter((d) => (d.kind ?? 'irrelevant') === 'irrelevant');
  if (declared.length > 0) {
    out.push('', '**Declared irrelevant on purpose** — a change of these values passes, and that is the policy:', '');
    for (const d of declared) out.push(`- ${declarationLine(d)}`);
  }
  const thresholds = feature.declarations.filter((d) => d.kind === 'at least' || d.kind === 'at most');
  const worded = feature.mutants.filter((m) => m.threshold && m.threshold.declaredAt === null).length;
  if (thresholds.length > 0 || worded > 0) {
    out.push(
      '',
      '**Thresholds** — a number the policy holds at and beyond is changed only the way that must fail' +
        (worded > 0 ? ` (${worded} change${worded === 1 ? '' : 's'} of numbers the sentences bound in words)` : '') +
        (thresholds.length > 0 ? ':' : '.'),
    );
    if (thresholds.length > 0) out.push('', ...thresholds.map((d) => `- ${declarationLine(d)}`));
  }
  return `${out.join('\n')}\n`;
}

/** The page's annotations, with each survivor also marked plainly in the scenario it survived in. */
export function markSurvivors(
  base: PageAnnotations | undefined,
  proof: Proof | undefined,
  uri: string,
): PageAnnotations | undefined {
  const survivors = proof?.of(uri)?.proof.mutants.filter((m) => m.verdict === 'survived') ?? [];
  if (survivors.length === 0) return base;
  return {
    runLabels: () => base?.runLabels(),
    page: () => base?.page() ?? '',
    rule: (rule, anchor) => base?.rule(rule, anchor) ?? '',
    scenario: (scenario, anchor) => {
      const note = base?.scenario(scenario, anchor) ?? '';
      const lines = new Set([
        scenario.location.line,
        ...scenario.examples.flatMap((examples) => examples.tableBody.map((row) => row.location.line)),
      ]);
      const here = survivors.filter((m) => lines.has(m.scenario.line));
      if (here.length === 0) return note;
      const marks = [
        '**Not proven** — the sentence audit changed these words and the scenario still passed:',
        '',
        ...here.map((m) => `- ${change(m)}`),
      ].join('\n');
      return note ? `${note}\n\n${marks}` : marks;
    },
  };
}

export function renderOverviewProof(
  proof: Proof,
  domains: readonly { domain: string; label: string; pages: readonly unknown[] }[],
): string {
  const guide = `../${GUIDE}`;
  const byDomain = proof.domains();
  const rows = domains.map((summary) => {
    const audited = proof.report.features.filter((f) => f.domain === summary.domain).length;
    const t = byDomain.get(summary.domain);
    const policies = `${audited} of ${summary.pages.length}`;
    if (!t) return `| ${tableCell(summary.label)} | ${policies} | | | | | |`;
    return `| ${tableCell(summary.label)} | ${policies} | ${t.mutants} | ${t.killed} | ${t.declared} | ${t.survived} | ${t.notJudged} |`;
  });
  const t = proof.report.totals;
  return [
    '',
    '## Every sentence proven',
    '',
    `The [sentence audit](${guide}) of ${when(proof)} changed one word of a sentence at a time and ran its scenario ` +
      `again: ${t.mutants} changes, ${t.killed} failed their scenario, ${t.declared} stood on a value declared ` +
      `irrelevant on purpose, ${t.survived} survived${t.notJudged > 0 ? `, ${t.notJudged} could not be judged` : ''}.`,
    '',
    '| domain | policies audited | changes tried | failed the scenario | declared irrelevant | survived | not judged |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
  ].join('\n');
}

function when(proof: Proof): string {
  const at = proof.report.generatedAt.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
  const since = proof.report.scope.changedSince;
  return since ? `${at}, of what changed since ${inlineText(since)}` : at;
}

function outcome(t: ProofTotals, skipped: number): string {
  const parts = [
    `**${t.killed} of ${t.mutants}** changes failed it`,
    t.declared > 0 ? `${t.declared} stood on a value declared irrelevant on purpose` : '',
    t.survived > 0 ? `**${t.survived} survived**: no check depends on those words` : '',
    t.notJudged > 0 ? `${t.notJudged} could not be judged` : '',
  ].filter(Boolean);
  const proven =
    skipped === 0
      ? `Every ${t.declared > 0 ? 'other ' : ''}word these sentences carry is checked.`
      : `Every ${t.declared > 0 ? 'other ' : ''}word of the scenarios it ran is checked; ${skipped} scenario${skipped === 1 ? ' was' : 's were'} not audited here.`;
  const verdict = t.survived === 0 && t.notJudged === 0 ? ` ${proven}` : ' The policy is not proven.';
  return `${parts.join('; ')}.${t.mutants > 0 ? verdict : ''}`;
}

function mutantLine(m: ProofMutant, anchor: string | undefined): string {
  const scenario = anchor ? `[${inlineText(m.scenario.name)}](#${anchor})` : inlineText(m.scenario.name);
  return `${scenario}, ${change(m)}`;
}

/** A survivor's sentence and change: `line 30: <code>Given a note:</code> — "1" → "2" (doc string, line 34) still passes`. */
function change(m: ProofMutant): string {
  const where = m.where === 'step' ? '' : ` (${inlineText(m.where)}, line ${m.line})`;
  const others = (m.tried ?? []).map((choice) => `"${choice}"`).join(', ');
  const tried = others ? `, as do ${inlineText(others)}` : '';
  return (
    `line ${m.sentence.line}: <code>${inlineText(m.sentence.text)}</code> — ` +
    `${inlineText(`"${m.original}" → "${m.replacement}"`)}${where} still passes${tried}`
  );
}

function declarationLine(d: FeatureProof['declarations'][number]): string {
  const values = d.values.map((v) => `"${v}"`).join(', ');
  const kind = d.kind ?? 'irrelevant';
  return `line ${d.line}, ${inlineText(`${kind} ${values}`)}: ${inlineText(d.reason)} (${d.mutants} change${d.mutants === 1 ? '' : 's'})`;
}
