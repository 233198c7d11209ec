// The audit's two reports: a console report grouped by feature, and reports/sentences.json for the site.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuditResult, FeatureReport, JudgedMutant } from './audit.ts';

export interface Totals {
  mutants: number;
  killed: number;
  survived: number;
  declared: number;
  notJudged: number;
  /** Of the killed, those killed in a run shared with the other changes to their scenario's checks. */
  killedInSharedRuns: number;
}

export function totals(features: FeatureReport[]): Totals {
  const all = features.flatMap((f) => f.mutants);
  const count = (verdict: JudgedMutant['verdict']) => all.filter((m) => m.verdict === verdict).length;
  return {
    mutants: all.length,
    killed: count('killed'),
    survived: count('survived'),
    declared: count('declared'),
    notJudged: count('not judged'),
    killedInSharedRuns: all.filter((m) => m.sharedRun).length,
  };
}

/** Why the audit fails, one line each, naming the sentence; empty when every sentence is proven. */
export function failures(result: AuditResult): string[] {
  return result.features.flatMap((f) => [
    ...f.mutants
      .filter((m) => m.verdict === 'survived')
      .map((m) => `${f.uri}:${m.line} survivor: ${m.sentence.text} — ${change(m)} still passes`),
    ...f.brokenScenarios.map((s) => `${f.uri}:${s.line} fails with no change at all: ${s.name} (${s.failure ?? ''})`),
    ...f.mutants
      .filter((m) => m.verdict === 'not judged' && !f.brokenScenarios.some((s) => m.targets.includes(s.line)))
      .map((m) => `${f.uri}:${m.line} not judged: a scenario it concerns did not run — ${m.sentence.text}`),
    ...f.declarations.filter((d) => d.problem).map((d) => `${f.uri}:${d.line} declaration ${d.problem}`),
    ...f.problems.map((p) => `${f.uri}:${p.line} ${p.message}`),
  ]);
}

export function change(m: JudgedMutant): string {
  const threshold = m.threshold ? `, ${m.threshold.bound}` : '';
  const tried = m.tried.length > 0 ? `; ${m.tried.map((t) => `"${t}"`).join(', ')} passed as well` : '';
  return `${m.argument} "${m.original}" → "${m.replacement}" (${m.operator}${threshold}${tried})`;
}

export function consoleReport(result: AuditResult, verbose: boolean): string {
  const out: string[] = [];
  for (const feature of result.features) {
    const t = totals([feature]);
    if (t.mutants === 0 && feature.problems.length === 0 && feature.skippedScenarios.length === 0) continue;
    out.push('', `${feature.uri} — ${feature.name}`);
    out.push(
      `  ${t.mutants} mutants: ${t.killed} killed, ${t.declared} on declared arguments, ${t.survived} survived${t.notJudged ? `, ${t.notJudged} not judged` : ''}`,
    );
    for (const s of feature.brokenScenarios)
      out.push(`  ✗ line ${s.line} "${s.name}" fails with no change at all: ${s.failure ?? ''}`);
    for (const s of feature.skippedScenarios)
      out.push(
        `  – line ${s.line} "${s.name}" is skipped with no change (${s.tags.join(' ') || 'by a hook'}): not audited here, ${s.mutants} changes untried`,
      );
    const shown = feature.mutants.filter((m) => verbose || m.verdict !== 'killed');
    let sentence = '';
    for (const m of shown) {
      const heading = `${m.sentence.line}: ${m.sentence.text}`;
      if (heading !== sentence) out.push(`  line ${heading}`);
      sentence = heading;
      const where = m.where === 'step' ? '' : ` [${m.where}, line ${m.line}]`;
      const verdict =
        m.verdict === 'declared'
          ? `declared irrelevant: ${m.declaration!.reason}`
          : m.verdict === 'killed'
            ? `killed by ${m.killedBy ?? ''}`
            : m.verdict.toUpperCase();
      out.push(`    ${change(m)}${where} in "${m.scenario.name}" — ${verdict}`);
    }
    for (const d of feature.declarations.filter((x) => x.problem))
      out.push(`  ✗ declaration at line ${d.line} ${d.problem}`);
    for (const p of feature.problems) out.push(`  ✗ line ${p.line}: ${p.message}`);
  }
  const t = totals(result.features);
  out.push(
    '',
    `${t.mutants} mutants in ${result.features.length} features: ${t.killed} killed, ${t.declared} on declared arguments, ${t.survived} survived${t.notJudged ? `, ${t.notJudged} not judged` : ''} (${result.runs} scenario runs, ${result.seconds.toFixed(1)} s)`,
  );
  return out.join('\n');
}

/** reports/sentences.json: the proof of every feature, for the site. Its shape is documented in the README. */
export function writeJson(result: AuditResult, path: string): void {
  const features = result.features.map((f) => ({
    uri: f.uri,
    sha256: f.sha256,
    domain: f.domain,
    name: f.name,
    totals: totals([f]),
    declarations: f.declarations.map((d) => ({
      kind: d.kind,
      line: d.line,
      values: d.values,
      reason: d.reason,
      covers: d.covers,
      mutants: d.mutants,
      problem: d.problem ?? null,
    })),
    brokenScenarios: f.brokenScenarios,
    skippedScenarios: f.skippedScenarios,
    problems: f.problems,
    mutants: f.mutants.map((m) => ({
      sentence: m.sentence,
      scenario: m.scenario,
      where: m.where,
      argument: m.argument,
      line: m.line,
      column: m.column,
      original: m.original,
      replacement: m.replacement,
      tried: m.tried,
      operator: m.operator,
      verdict: m.verdict,
      killedBy: m.killedBy ?? null,
      sharedRun: m.sharedRun,
      declaration: m.declaration ? { line: m.declaration.line, reason: m.declaration.reason } : null,
      threshold: m.threshold ? { bound: m.threshold.bound, declaredAt: m.threshold.declaredAt ?? null } : null,
    })),
  }));
  const domains = [...new Set(features.map((f) => f.domain))].map((domain) => ({
    domain,
    totals: totals(result.features.filter((f) => f.domain === domain)),
  }));
  const report = {
    version: 2,
    generatedAt: new Date().toISOString(),
    scope: result.scope,
    seconds: Number(result.seconds.toFixed(2)),
    runs: result.runs,
    startup: result.startup,
    totals: totals(result.features),
    domains,
    features,
    failures: failures(result),
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}
