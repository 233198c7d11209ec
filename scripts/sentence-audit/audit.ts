// The sentence audit: derive the mutants of the audited features, run the unchanged scenarios and then each
// mutant in its scenario (pool.ts: this process and its workers, each one Cucumber test run), and judge every
// mutant: killed (its scenario failed), survived, or standing on an argument declared irrelevant on purpose.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadConfiguration, loadSupport, type IRunConfiguration } from '@cucumber/cucumber/api';
import { changesSince, featureFiles } from '../changes.ts';
import { selectChanged, withImporters, type Selection } from './changed.ts';
import type { Declaration, DeclarationProblem } from './declarations.ts';
import { onlyScenarios, parseFeature, withVariants, type ParsedFeature } from './gherkin.ts';
import {
  deriveMutants,
  domainOf,
  mutatedSource,
  type Definition,
  type FeatureMutants,
  type Mutant,
} from './mutants.ts';
import { ChildRunner, Pool } from './pool.ts';
import { LocalRunner, resetScratch, writeScratch, type Outcome } from './run.ts';

export interface AuditOptions {
  /** Features or folders to audit; default: the whole book. */
  paths?: string[];
  /** Audit only features changed since this git ref, and features using step files changed since it. */
  changedSince?: string;
  /** The book's folder: every feature in it lends its values to the swaps. Default `features`. */
  book?: string;
  /** Support code to load instead of cucumber.mjs's (the audit's own tests use a fixture). */
  importPaths?: string[];
  /** Processes that run scenarios (default 2): this one and `parallel - 1` workers; a short run uses this one only. */
  parallel?: number;
  /** Scratch folder for the mutated features (wiped first); default: one of this process's own, removed after. */
  scratch?: string;
  /**
   * A report of an earlier audit (default reports/sentences.json, when there is one; false: none): a change it shows
   * killed in one of several scenarios runs in that one first. It orders runs only; no verdict is read from it.
   */
  history?: string | false;
}

export type Verdict = 'killed' | 'survived' | 'declared' | 'not judged';

export interface JudgedMutant extends Mutant {
  verdict: Verdict;
  /** The scenario that judged it (the one that failed, or the first one run). */
  scenario: { name: string; line: number };
  killedBy: string | undefined;
  /** Other replacements that left the sentence passing (the other choices tried in turn before one failed it). */
  tried: string[];
  /** Killed in its scenario's run shared with the changes to its other checks (tryChecks), not in a run of its own. */
  sharedRun: boolean;
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
  /**
   * Scenarios skipped with no change (a hook skips them on this backend, e.g. @real-redis-only without Redis): not
   * audited, and no failure; `mutants` counts the changes that concern only them, left untried.
   */
  skippedScenarios: { name: string; line: number; tags: string[]; mutants: number }[];
  unmatched: { line: number; text: string }[];
}

export interface Startup {
  beforeAudit: number;
  supportLoaded: number;
  derived: number;
  opened: number;
  beforeAuditCpu: number;
  supportLoadedCpu: number;
  derivedCpu: number;
  openedCpu: number;
}

export interface AuditResult {
  features: FeatureReport[];
  seconds: number;
  /**
   * The fixed start-up, in seconds since the audit started (wall, and this process's CPU): the support code loaded,
   * the changes derived, this process's test-run resources opened (BeforeAll: database, mock vendors); and the
   * process's own start before the audit (Node, tsx, the audit's modules).
   */
  startup: Startup;
  /** Scenario runs: unchanged, shared runs of checks, and each change in each scenario it ran in. */
  runs: number;
  scope: { paths: string[]; changedSince: string | undefined };
}

/**
 * A step of an unchanged scenario may take this long: the audit runs beside other work on a shared machine, and
 * a slow step there is not a broken one (the book's own run keeps Cucumber's 5 s). Steps that set their own
 * timeout keep it.
 */
const UNCHANGED_STEP_TIMEOUT_MS = 120_000;
/**
 * A mutant's steps get this many times its unchanged scenario's slowest step (hook included), at least the
 * minimum and at most what an unchanged step gets: a change that makes a scenario hang is killed, one that runs as
 * long as the unchanged one is not, and a hang costs no more than a slow unchanged step may take.
 */
const MUTANT_TIMEOUT_FACTOR = 10;
const MUTANT_MIN_TIMEOUT_MS = 20_000;
/**
 * Fewer scenarios than this to run stay in this process and a worker started early is stopped unused: measured on
 * one cart feature, a scenario costs ~0.03–0.16 CPU-s, a worker ~2.5 s to load the support code and ~1.5 s to open
 * its database and mock vendors, which it does while this process derives the mutants.
 */
const SCENARIOS_WORTH_A_WORKER = 30;
/** A scenario's checks are tried together when it has at least this many changes to them; one alone gains nothing. */
const CHECKS_WORTH_A_SHARED_RUN = 2;

export async function audit(options: AuditOptions = {}): Promise<AuditResult> {
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  const book = options.book ?? 'features';
  // A folder of this process's own: two audits in one tree (two people, or a bench) must not wipe each other's mutants.
  const scratch = options.scratch ?? join('reports', 'sentence-audit', 'mutants', String(process.pid));
  // Workers load the support code while this process loads it too and derives the mutants.
  const workers = Array.from(
    { length: Math.max(0, (options.parallel ?? 2) - 1) },
    (_, i) => new ChildRunner(i + 1, options.importPaths),
  );
  try {
    const { runConfiguration } = await loadConfiguration(
      options.importPaths ? { file: false, provided: { import: options.importPaths } } : { file: 'cucumber.mjs' },
    );
    const support = await loadSupportOnce(runConfiguration);
    const supportLoaded = (performance.now() - started) / 1000;
    const supportLoadedCpu = cpuSince(startedCpu);
    const definitions = (support as unknown as { stepDefinitions: Definition[] }).stepDefinitions;

    const parsed = featureFiles('.', [book, ...(options.paths ?? [])]).map((uri) =>
      parseFeature(uri, readFileSync(uri, 'utf8')),
    );
    const audited = chooseFeatures(parsed, definitions, options);
    const derived = deriveMutants(parsed, definitions, audited);

    const derivedAt = (performance.now() - started) / 1000;
    const derivedCpu = cpuSince(startedCpu);
    const local = new LocalRunner(runConfiguration, support);
    const scenarios = derived.reduce(
      (n, f) => n + new Set(f.mutants.flatMap((m) => m.targets)).size + f.mutants.length,
      0,
    );
    const pool = new Pool([local]);
    for (const worker of workers) {
      if (scenarios < SCENARIOS_WORTH_A_WORKER) void worker.close();
      else
        worker.ready.then(
          () => pool.add(worker),
          () => undefined,
        );
    }
    // Its BeforeAll hooks now rather than inside the first batch, so the start-up they cost is reported apart.
    try {
      if (scenarios > 0) await local.open();
    } catch (error) {
      await local.close(); // what the hooks opened before one failed
      throw error;
    }
    const opened = (performance.now() - started) / 1000;
    const openedCpu = cpuSince(startedCpu);
    resetScratch(scratch);
    let numbered = 0;
    const killedIn =
      options.history === false ? () => undefined : earlierKills(options.history ?? join('reports', 'sentences.json'));
    // The pool closes (its runners' AfterAll hooks) whatever happens: a failed judgement must not leave them open.
    const features = await Promise.all(
      derived.map((f) => judgeFeature(f, pool, scratch, () => ++numbered, killedIn)),
    ).finally(() => pool.close());
    if (options.scratch === undefined) rmSync(scratch, { recursive: true, force: true });
    return {
      features,
      seconds: (performance.now() - started) / 1000,
      startup: {
        beforeAudit: started / 1000,
        supportLoaded,
        derived: derivedAt,
        opened,
        beforeAuditCpu: (startedCpu.user + startedCpu.system) / 1e6,
        supportLoadedCpu,
        derivedCpu,
        openedCpu,
      },
      runs: pool.runs,
      scope: { paths: options.paths ?? [book], changedSince: options.changedSince },
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.close()));
  }
}

/**
 * The support code, loaded once per process and files: Node evaluates a module once, so loading the same files
 * again would register no step definitions (an audit run twice in one process, as its tests run it).
 */
const supports = new Map<string, ReturnType<typeof loadSupport>>();
function loadSupportOnce(runConfiguration: IRunConfiguration): ReturnType<typeof loadSupport> {
  const key = JSON.stringify(runConfiguration.support);
  const support = supports.get(key) ?? loadSupport(runConfiguration);
  supports.set(key, support);
  return support;
}

/**
 * The scenario each change of an earlier report was killed in, when it concerned several (a Background's or an
 * outline step's): the first of them to run it passed in full before one failed it, about 440 whole runs in the
 * book. Run there first, it is killed in one. A change unknown to the report, or a report that cannot be read,
 * keeps the scenarios' order.
 */
function earlierKills(path: string): (mutant: Mutant) => number | undefined {
  const key = (m: Pick<Mutant, 'feature' | 'line' | 'column' | 'original' | 'replacement'>) =>
    JSON.stringify([m.feature, m.line, m.column, m.original, m.replacement]);
  const kills = new Map<string, number>();
  try {
    const report = JSON.parse(readFileSync(path, 'utf8')) as {
      features?: {
        uri: string;
        mutants: (Pick<Mutant, 'line' | 'column' | 'original' | 'replacement'> & {
          verdict: string;
          tried: string[];
          scenario: { line: number };
        })[];
      }[];
    };
    for (const feature of report.features ?? [])
      for (const m of feature.mutants)
        if (m.verdict === 'killed')
          // The change as first made: a kill by a later choice lists the ones that passed before it.
          kills.set(key({ ...m, feature: feature.uri, replacement: m.tried[0] ?? m.replacement }), m.scenario.line);
  } catch {
    // no earlier report, or not one this audit can read: the scenarios run in their order
  }
  return (mutant) => (mutant.targets.length > 1 ? kills.get(key(mutant)) : undefined);
}

function mutantTimeout(slowestUnchangedMs: number): number {
  const scaled = Math.max(MUTANT_MIN_TIMEOUT_MS, MUTANT_TIMEOUT_FACTOR * slowestUnchangedMs);
  return Math.min(UNCHANGED_STEP_TIMEOUT_MS, scaled);
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1e6;
}

interface Judgement {
  verdict: Verdict | 'not audited';
  replacement: string;
  line: number;
  killedBy: string | undefined;
  tried: string[];
}

/**
 * Runs one change in the scenarios it concerns, once their unchanged runs are known: none that was skipped
 * unchanged (not audited) or failed unchanged (cannot judge). The first failure kills it; a declared change or a
 * probe runs in its first scenario only; the fallbacks of a choice are tried in turn while the sentence passes.
 * `firstTry`, a scenario likely to kill it, runs before the others; `urgent`: other judgements wait on this one.
 */
async function judge(
  mutant: Mutant,
  unchangedRuns: Map<number, Promise<Outcome | undefined>>,
  pool: Pool,
  scratchFile: (replacement: string, k: number) => string,
  { once, firstTry, urgent }: { once: boolean; firstTry: number | undefined; urgent: boolean },
): Promise<Judgement> {
  const unchanged = new Map<number, Outcome | undefined>();
  for (const line of mutant.targets) unchanged.set(line, await unchangedRuns.get(line));
  const live = mutant.targets.filter((line) => unchanged.get(line)?.status !== 'SKIPPED');
  const base = { replacement: mutant.replacement, line: live[0] ?? mutant.targets[0]!, killedBy: undefined };
  if (live.length === 0) return { ...base, verdict: 'not audited', tried: [] };
  // A change judged in every scenario is killed as soon as any one fails, whichever it is: the ones tried before it
  // pass in full, so the likely killer goes first.
  const lines = once
    ? live.slice(0, 1)
    : firstTry !== undefined && live.includes(firstTry)
      ? [firstTry, ...live.filter((line) => line !== firstTry)]
      : live;
  const passed: string[] = [];
  for (const [k, replacement] of (once ? [mutant.replacement] : [mutant.replacement, ...mutant.fallbacks]).entries()) {
    const path = scratchFile(replacement, k);
    let judged = true;
    for (const line of lines) {
      const before = unchanged.get(line);
      const outcome =
        before?.status === 'PASSED'
          ? await pool.run(path, line, mutantTimeout(before.slowestMs), { urgent })
          : undefined;
      if (!outcome) judged = false;
      else if (outcome.status !== 'PASSED')
        return { verdict: 'killed', replacement, line, killedBy: outcome.failure, tried: passed };
    }
    if (!judged) return { ...base, verdict: 'not judged', tried: passed };
    passed.push(replacement);
  }
  return { ...base, verdict: mutant.declaration ? 'declared' : 'survived', tried: passed.slice(1) };
}

/**
 * Changes to a scenario's checks, tried in one run of it (split-stream execution: the steps before a check run once
 * for all its changes). Each change runs where its check would, its failure kept while the scenario goes on, and is
 * followed by the check as written. A change is judged killed here only when it failed, the World observed the same
 * scenario before and after it (`observableState`: clock, database, vendor calls, logs, changing requests), and the
 * scenario passed — every check as written, after every change, and every later step. Any other change (one that
 * passed, changed what later steps see, or sits in a run that failed) is judged alone in its scenario, as before.
 *
 * This run is the scenario's first: when it passed and every change, and every check as written after one, left
 * what the World observes as it was, every step as written ran on the state it reaches unchanged and passed, so it
 * stands for the unchanged run. Otherwise the scenario runs unchanged after it, and the changes wait for that run
 * as every other change does. Answers each scenario's unchanged run (`unchangedRuns`, filled for every scenario of
 * `lines`) and each change's kill in the shared run.
 */
function tryChecks(
  feature: ParsedFeature,
  mutants: readonly Mutant[],
  lines: readonly number[],
  pool: Pool,
  scratchFile: (name: string) => string,
): { unchangedRuns: Map<number, Promise<Outcome | undefined>>; judged: Map<Mutant, Promise<Judgement | undefined>> } {
  const byScenario = new Map<number, Mutant[]>();
  for (const mutant of mutants)
    if (mutant.check && mutant.declaration === undefined && mutant.targets.length === 1)
      byScenario.set(mutant.targets[0]!, [...(byScenario.get(mutant.targets[0]!) ?? []), mutant]);
  const unchangedRun = (line: number) => pool.run(feature.uri, line, UNCHANGED_STEP_TIMEOUT_MS);
  const unchangedRuns = new Map<number, Promise<Outcome | undefined>>();
  const judged = new Map<Mutant, Promise<Judgement | undefined>>();
  for (const line of lines) {
    const changes = byScenario.get(line) ?? [];
    if (changes.length < CHECKS_WORTH_A_SHARED_RUN) {
      unchangedRuns.set(line, unchangedRun(line));
      continue;
    }
    const variants = withVariants(
      feature,
      line,
      changes.map((mutant) => ({ step: mutant.sentence.line, source: mutatedSource(feature.source, mutant) })),
    );
    const path = writeScratch(scratchFile(`-checks-${basename(feature.uri)}`), variants.source);
    const shared = pool.run(path, line, UNCHANGED_STEP_TIMEOUT_MS, { variants: variants.lines });
    // A kill is trusted while every variant run so far, and the step as written after each, left the World as it
    // was: the scenario a later variant runs in is then the one it runs in alone.
    const cleanUpTo = (outcome: Outcome | undefined) => {
      const clean = new Set<number>();
      for (const variant of outcome?.variants ?? []) {
        clean.add(variant.line);
        if (!variant.unchanged || !variant.thenUnchanged) break;
      }
      return clean;
    };
    const standsForUnchanged = (outcome: Outcome | undefined) =>
      outcome?.status === 'SKIPPED' ||
      (outcome?.status === 'PASSED' &&
        outcome.variants.length === variants.lines.length &&
        outcome.variants.every((variant) => variant.unchanged && variant.thenUnchanged));
    const unchanged = shared.then((outcome) =>
      standsForUnchanged(outcome) ? { ...outcome!, variants: [] } : unchangedRun(line),
    );
    unchangedRuns.set(line, unchanged);
    const run = (async () => {
      const [outcome, before] = await Promise.all([shared, unchanged]);
      const kills = new Map<Mutant, Judgement>();
      if (before?.status !== 'PASSED' || outcome?.status !== 'PASSED') return kills;
      const clean = cleanUpTo(outcome);
      const results = new Map(outcome.variants.map((variant) => [variant.line, variant]));
      changes.forEach((mutant, i) => {
        const result = results.get(variants.lines[i]!);
        if (result?.failure !== undefined && result.unchanged && clean.has(result.line))
          kills.set(mutant, {
            verdict: 'killed',
            replacement: mutant.replacement,
            line,
            killedBy: result.failure,
            tried: [],
          });
      });
      return kills;
    })();
    for (const mutant of changes)
      judged.set(
        mutant,
        run.then((kills) => kills.get(mutant)),
      );
  }
  return { unchangedRuns, judged };
}

async function judgeFeature(
  derived: FeatureMutants,
  pool: Pool,
  scratch: string,
  nextNumber: () => number,
  killedIn: (mutant: Mutant) => number | undefined,
): Promise<FeatureReport> {
  const { feature } = derived;
  const lines = [...new Set([...derived.mutants, ...derived.probes].flatMap((m) => m.targets))].sort((a, b) => a - b);
  const scratchFile = (name: string) => join(scratch, `${String(nextNumber()).padStart(4, '0')}${name}`);
  const { unchangedRuns, judged: checked } = tryChecks(feature, derived.mutants, lines, pool, scratchFile);
  // The changes to a step several scenarios run (a Background's, an outline's) are judged one after another, each
  // trying first the scenario that killed the step's last killed change (unless an earlier report names its own):
  // the changes of one step are mostly killed by the same scenario, and every scenario tried before the killer
  // passes in full (the book with no earlier report: 2,929 scenario runs in order, 2,613 this way). A chain's runs go
  // before the other queued runs, so it keeps up with the audit.
  const chains = new Map<number, Promise<unknown>>();
  const killers = new Map<number, number>();
  const judgeAll = (mutants: Mutant[], probes: boolean) =>
    Promise.all(
      mutants.map(async (mutant) => {
        const n = scratchFile('');
        const file = (replacement: string, k: number) =>
          writeScratch(
            `${n}${k > 0 ? `-${k}` : ''}-${basename(feature.uri)}`,
            onlyScenarios(feature, mutatedSource(feature.source, { ...mutant, replacement }), mutant.targets),
          );
        const once = probes || mutant.declaration !== undefined;
        if (once || mutant.targets.length === 1) {
          const shared = await checked.get(mutant);
          const judgement =
            shared ?? (await judge(mutant, unchangedRuns, pool, file, { once, firstTry: undefined, urgent: false }));
          return { mutant, judgement, sharedRun: shared !== undefined };
        }
        const step = mutant.sentence.line;
        const judged = (chains.get(step) ?? Promise.resolve()).then(async () => {
          const firstTry = killedIn(mutant) ?? killers.get(step);
          const judgement = await judge(mutant, unchangedRuns, pool, file, { once, firstTry, urgent: true });
          if (judgement.verdict === 'killed') killers.set(step, judgement.line);
          return judgement;
        });
        chains.set(
          step,
          judged.catch(() => undefined),
        );
        return { mutant, judgement: await judged, sharedRun: false };
      }),
    );
  const [mutantRuns, probeRuns] = await Promise.all([judgeAll(derived.mutants, false), judgeAll(derived.probes, true)]);

  const brokenScenarios: FeatureReport['brokenScenarios'] = [];
  const skippedScenarios: FeatureReport['skippedScenarios'] = [];
  for (const line of lines) {
    const outcome = await unchangedRuns.get(line);
    if (outcome?.status === 'PASSED') continue;
    const scenario = feature.scenarioOf.get(line)!;
    if (outcome?.status === 'SKIPPED') {
      const untried = mutantRuns.filter((r) => r.judgement.verdict === 'not audited' && r.judgement.line === line);
      skippedScenarios.push({ ...scenario, tags: outcome.tags, mutants: untried.length });
    } else brokenScenarios.push({ ...scenario, failure: outcome?.failure ?? 'did not run' });
  }

  const toReport = ({
    mutant,
    judgement,
    sharedRun,
  }: {
    mutant: Mutant;
    judgement: Judgement;
    sharedRun: boolean;
  }): JudgedMutant => ({
    ...mutant,
    replacement: judgement.replacement,
    verdict: judgement.verdict as Verdict,
    scenario: feature.scenarioOf.get(judgement.line)!,
    killedBy: judgement.killedBy,
    tried: judgement.tried,
    sharedRun,
  });
  const audited = (r: { judgement: Judgement }) => r.judgement.verdict !== 'not audited';
  const judged = mutantRuns.filter(audited).map(toReport);
  const probes = probeRuns.filter(audited).map(toReport);
  const unaudited = [...mutantRuns, ...probeRuns].filter((r) => !audited(r)).map((r) => r.mutant);

  // A feature audited only in the scenarios a change touched cannot tell whether a declaration elsewhere is needed,
  // nor can a run that skipped every scenario a declaration covers.
  const covers = (declaration: Declaration, mutant: Mutant) =>
    declaration.kind === 'irrelevant'
      ? mutant.declaration === declaration
      : mutant.threshold?.declaredAt === declaration.line;
  const judgeable = derived.declarations.filter(
    (d) =>
      (!derived.partial || [...judged, ...probes].some((m) => covers(d, m))) &&
      !(unaudited.some((m) => covers(d, m)) && ![...judged, ...probes].some((m) => covers(d, m))),
  );
  const declarations = judgeable.map((declaration): DeclarationReport => {
    const covered = judged.filter((m) => covers(declaration, m));
    const spared = probes.filter((m) => covers(declaration, m));
    const named = declaration.values.map((v) => `"${v}"`).join(', ');
    const problem =
      covered.length + spared.length === 0
        ? `names nothing: no ${declaration.kind === 'irrelevant' ? 'argument' : 'number'} ${named} in the lines it covers`
        : declaration.kind === 'irrelevant' && covered.every((m) => m.verdict === 'killed')
          ? 'not needed: every change of it already fails its scenario — remove the declaration'
          : declaration.kind !== 'irrelevant' && spared.length > 0 && spared.every((m) => m.verdict === 'killed')
            ? `not needed: ${spared.map((m) => `"${m.replacement}"`).join(', ')} fails its scenario as well, so ${named} is held exactly, not as "${declaration.kind}" — remove the declaration and both changes are tried`
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
    skippedScenarios,
    unmatched: derived.unmatched,
  };
}

/** The features asked for; with --changed, only those a change touches, and in them only the touched scenarios. */
function chooseFeatures(features: ParsedFeature[], definitions: Definition[], options: AuditOptions): Selection {
  const requested = new Set(featureFiles('.', options.paths ?? [options.book ?? 'features']));
  const candidates = features.filter((feature) => requested.has(feature.uri));
  if (!options.changedSince) return new Map(candidates.map((feature) => [feature.uri, 'all']));
  const changed = withImporters(new Set(changesSince(options.changedSince, '.').map((change) => change.file)), '.');
  return selectChanged(candidates, definitions, changed);
}
