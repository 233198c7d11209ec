// The sentence audit: derive the mutants of the audited features, run them (and the unchanged scenarios) in
// one Cucumber process, and judge every mutant: killed (its scenario failed), survived, or standing on an
// argument declared irrelevant on purpose.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { loadConfiguration, loadSupport } from '@cucumber/cucumber/api';
import { changesSince, featureFiles } from '../changes.ts';
import { selectChanged, withImporters, type Selection } from './changed.ts';
import type { Declaration, DeclarationProblem } from './declarations.ts';
import { parseFeature, type ParsedFeature } from './gherkin.ts';
import {
  deriveMutants,
  domainOf,
  mutatedSource,
  type Definition,
  type FeatureMutants,
  type Mutant,
} from './mutants.ts';
import { runJobs, writeScratch, type Job, type Outcome } from './run.ts';

export interface AuditOptions {
  /** Features or folders to audit; default: the whole book. */
  paths?: string[];
  /** Audit only features changed since this git ref, and features using step files changed since it. */
  changedSince?: string;
  /** The book's folder: every feature in it lends its values to the swaps. Default `features`. */
  book?: string;
  /** Support code to load instead of cucumber.mjs's (the audit's own tests use a fixture). */
  importPaths?: string[];
  /** Workers for a long run (default 2); a short one runs in this process (see run.ts). */
  parallel?: number;
  /** Scratch folder for the mutated features (wiped first); default: one of this process's own, removed after. */
  scratch?: string;
}

export type Verdict = 'killed' | 'survived' | 'declared' | 'not judged';

export interface JudgedMutant extends Mutant {
  verdict: Verdict;
  /** The scenario that judged it (the one that failed, or the first one run). */
  scenario: { name: string; line: number };
  killedBy: string | undefined;
}

export interface DeclarationReport extends Declaration {
  mutants: number;
  problem: string | undefined;
}

export interface FeatureReport {
  uri: string;
  /** The feature's text as audited (SHA-256), so a reader can tell when it changed since. */
  sha256: string;
  domain: string;
  name: string;
  mutants: JudgedMutant[];
  declarations: DeclarationReport[];
  problems: DeclarationProblem[];
  /** Scenarios that fail with no change at all: their mutants are not judged. */
  brokenScenarios: { name: string; line: number; failure: string | undefined }[];
  unmatched: { line: number; text: string }[];
}

export interface AuditResult {
  features: FeatureReport[];
  seconds: number;
  scope: { paths: string[]; changedSince: string | undefined };
}

export async function audit(options: AuditOptions = {}): Promise<AuditResult> {
  const started = performance.now();
  const book = options.book ?? 'features';
  // A folder of this process's own: two audits in one tree (two people, or a bench) must not wipe each other's mutants.
  const scratch = options.scratch ?? join('reports', 'sentence-audit', 'mutants', String(process.pid));
  const { runConfiguration } = await loadConfiguration(
    options.importPaths ? { file: false, provided: { import: options.importPaths } } : { file: 'cucumber.mjs' },
  );
  const support = await loadSupport(runConfiguration);
  const definitions = (support as unknown as { stepDefinitions: Definition[] }).stepDefinitions;

  const parsed = featureFiles('.', [book, ...(options.paths ?? [])]).map((uri) =>
    parseFeature(uri, readFileSync(uri, 'utf8')),
  );
  const audited = chooseFeatures(parsed, definitions, options);
  const derived = deriveMutants(parsed, definitions, audited);
  const mutants = derived.flatMap((f) => f.mutants);

  // Pass 1: each mutant in its first scenario, and every scenario concerned, unchanged.
  const scratchPaths = writeScratch(
    scratch,
    mutants.map((mutant, i) => ({
      name: `${String(i + 1).padStart(4, '0')}-${basename(mutant.feature)}`,
      source: mutatedSource(sourceOf(derived, mutant.feature), mutant),
    })),
  );
  const baselineJobs: Job[] = derived
    .filter((f) => f.mutants.length > 0)
    .map((f) => ({
      path: f.feature.uri,
      lines: [...new Set(f.mutants.flatMap((m) => m.targets))].sort((a, b) => a - b),
    }));
  const firstJobs = mutants.map((mutant, i) => ({ path: scratchPaths[i]!, lines: [mutant.targets[0]!] }));
  const parallel = options.parallel ?? 2;
  const outcomes = index(await runJobs(runConfiguration, support, [...baselineJobs, ...firstJobs], parallel));

  // Pass 2: a mutant its first scenario did not kill runs in the other scenarios it concerns (background steps,
  // words of an outline's steps).
  const secondJobs = mutants.flatMap((mutant, i) =>
    mutant.targets.length > 1 &&
    !mutant.declaration &&
    outcomes.get(`${resolve(scratchPaths[i]!)}:${mutant.targets[0]}`)?.status === 'PASSED'
      ? [{ path: scratchPaths[i]!, lines: mutant.targets.slice(1) }]
      : [],
  );
  for (const [key, outcome] of index(await runJobs(runConfiguration, support, secondJobs, parallel)))
    outcomes.set(key, outcome);
  if (options.scratch === undefined) rmSync(scratch, { recursive: true, force: true });

  const features = derived.map((f) => judgeFeature(f, mutants, scratchPaths, outcomes));
  return {
    features,
    seconds: (performance.now() - started) / 1000,
    scope: { paths: options.paths ?? [book], changedSince: options.changedSince },
  };
}

function judgeFeature(
  derived: FeatureMutants,
  all: Mutant[],
  scratchPaths: string[],
  outcomes: Map<string, Outcome>,
): FeatureReport {
  const { feature } = derived;
  const brokenLines = new Set<number>();
  const brokenScenarios: FeatureReport['brokenScenarios'] = [];
  for (const line of new Set(derived.mutants.flatMap((m) => m.targets))) {
    const outcome = outcomes.get(`${resolve(feature.uri)}:${line}`);
    if (outcome?.status === 'PASSED') continue;
    brokenLines.add(line);
    brokenScenarios.push({ ...feature.scenarioOf.get(line)!, failure: outcome?.failure ?? 'did not run' });
  }

  const judged = derived.mutants.map((mutant): JudgedMutant => {
    const path = resolve(scratchPaths[all.indexOf(mutant)]!);
    const runs = mutant.targets
      .map((line) => ({ line, outcome: outcomes.get(`${path}:${line}`) }))
      .filter((r) => r.outcome);
    const failed = runs.find((r) => r.outcome!.status !== 'PASSED');
    const scenario = feature.scenarioOf.get(failed?.line ?? mutant.targets[0]!)!;
    if (failed && !brokenLines.has(failed.line))
      return { ...mutant, verdict: 'killed', scenario, killedBy: failed.outcome!.failure };
    // A survivor must have passed every scenario it concerns (a declared one only its first): a scenario that did
    // not run (a worker that could not start) or fails unchanged cannot judge it.
    const needed = mutant.declaration ? mutant.targets.slice(0, 1) : mutant.targets;
    const judgedBy = (line: number) => !brokenLines.has(line) && runs.some((r) => r.line === line);
    if (!needed.every(judgedBy)) return { ...mutant, verdict: 'not judged', scenario, killedBy: undefined };
    return { ...mutant, verdict: mutant.declaration ? 'declared' : 'survived', scenario, killedBy: undefined };
  });

  // A feature audited only in the scenarios a change touched cannot tell whether a declaration elsewhere is needed.
  const covers = (declaration: Declaration, mutant: JudgedMutant) =>
    declaration.kind === 'irrelevant'
      ? mutant.declaration === declaration
      : mutant.threshold?.declaredAt === declaration.line;
  const judgeable = derived.partial
    ? derived.declarations.filter((d) => judged.some((m) => covers(d, m)))
    : derived.declarations;
  const declarations = judgeable.map((declaration): DeclarationReport => {
    const covered = judged.filter((m) => covers(declaration, m));
    const named = declaration.values.map((v) => `"${v}"`).join(', ');
    // A threshold only chooses the change that must fail: it is needed as long as it names a number.
    const problem =
      covered.length === 0
        ? `names nothing: no ${declaration.kind === 'irrelevant' ? 'argument' : 'number'} ${named} in the lines it covers`
        : declaration.kind === 'irrelevant' && covered.every((m) => m.verdict === 'killed')
          ? 'not needed: every change of it already fails its scenario — remove the declaration'
          : undefined;
    return { ...declaration, mutants: covered.length, problem };
  });

  return {
    uri: feature.uri,
    sha256: createHash('sha256').update(feature.source).digest('hex'),
    domain: domainOf(feature.uri),
    name: feature.name,
    mutants: judged,
    declarations,
    problems: derived.problems,
    brokenScenarios,
    unmatched: derived.unmatched,
  };
}

function sourceOf(derived: FeatureMutants[], uri: string): string {
  return derived.find((f) => f.feature.uri === uri)!.feature.source;
}

function index(outcomes: Outcome[]): Map<string, Outcome> {
  return new Map(outcomes.map((o) => [`${o.path}:${o.line}`, o]));
}

/** The features asked for; with --changed, only those a change touches, and in them only the touched scenarios. */
function chooseFeatures(features: ParsedFeature[], definitions: Definition[], options: AuditOptions): Selection {
  const requested = new Set(featureFiles('.', options.paths ?? [options.book ?? 'features']));
  const candidates = features.filter((feature) => requested.has(feature.uri));
  if (!options.changedSince) return new Map(candidates.map((feature) => [feature.uri, 'all']));
  const changed = withImporters(new Set(changesSince(options.changedSince, '.').map((change) => change.file)), '.');
  return selectChanged(candidates, definitions, changed);
}
