// Runs mutants in one Cucumber process: each mutant is its feature with one argument changed, written to a
// scratch directory, and only the scenario it concerns is selected (by line). The unchanged scenarios run in
// the same run as the baseline: a scenario that fails unchanged cannot judge its mutants.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { runCucumber, type IRunConfiguration, type ISupportCodeLibrary } from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';

export interface Job {
  /** The feature's path as Cucumber is given it (scratch file or the book's own). */
  path: string;
  lines: number[];
}

export interface Outcome {
  /** The pickle's feature (an absolute path) and the line that selects it. */
  path: string;
  line: number;
  status: string;
  /** The first failing step and the first line of its message. */
  failure: string | undefined;
}

export function writeScratch(directory: string, files: { name: string; source: string }[]): string[] {
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  return files.map(({ name, source }) => {
    const path = join(directory, name);
    writeFileSync(path, source);
    return path;
  });
}

const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });

/**
 * Below this many scenarios a run stays in this process, where the support code is loaded already. Measured on
 * one cart feature (95 scenarios): a scenario costs ~0.16 s of CPU, a worker ~5.5 s to start (support code loaded
 * again, its own database migrated); two workers beat one process on two idle cores past ~70 scenarios.
 */
const SCENARIOS_WORTH_WORKERS = 70;

/** Runs the jobs' pickles in one Cucumber run, with `parallel` workers when it is long enough; one outcome per pickle. */
export async function runJobs(
  configuration: IRunConfiguration,
  support: ISupportCodeLibrary,
  jobs: Job[],
  parallel: number,
): Promise<Outcome[]> {
  if (jobs.length === 0) return [];
  const scenarios = jobs.reduce((count, job) => count + job.lines.length, 0);
  const workers = parallel > 1 && scenarios >= SCENARIOS_WORTH_WORKERS ? parallel : 0;
  const pickles = new Map<string, { uri: string; line: number; steps: Map<string, string> }>();
  const stepTexts = new Map<string, string>();
  const testCases = new Map<string, string>();
  const started = new Map<string, { pickleId: string; worst: string; failure: string | undefined }>();
  const lineOf = new Map<string, number>();
  const outcomes: Outcome[] = [];
  const rank: Record<string, number> = {
    PASSED: 0,
    SKIPPED: 1,
    PENDING: 2,
    UNDEFINED: 3,
    AMBIGUOUS: 4,
    FAILED: 5,
    UNKNOWN: 6,
  };

  const parseErrors: string[] = [];
  const onMessage = (envelope: Envelope) => {
    if (envelope.parseError) {
      parseErrors.push(
        `${envelope.parseError.source.uri ?? ''}:${envelope.parseError.source.location?.line ?? ''} ${envelope.parseError.message}`,
      );
    } else if (envelope.gherkinDocument) {
      for (const id of astLines(envelope)) lineOf.set(id[0], id[1]);
    } else if (envelope.pickle) {
      const pickle = envelope.pickle;
      const line = lineOf.get(pickle.astNodeIds.at(-1)!) ?? 0;
      pickles.set(pickle.id, { uri: pickle.uri, line, steps: new Map(pickle.steps.map((s) => [s.id, s.text])) });
    } else if (envelope.testCase) {
      testCases.set(envelope.testCase.id, envelope.testCase.pickleId);
      const pickle = pickles.get(envelope.testCase.pickleId);
      for (const step of envelope.testCase.testSteps)
        if (step.pickleStepId) stepTexts.set(step.id, pickle?.steps.get(step.pickleStepId) ?? '');
    } else if (envelope.testCaseStarted) {
      started.set(envelope.testCaseStarted.id, {
        pickleId: testCases.get(envelope.testCaseStarted.testCaseId)!,
        worst: 'PASSED',
        failure: undefined,
      });
    } else if (envelope.testStepFinished) {
      const { testCaseStartedId, testStepId, testStepResult } = envelope.testStepFinished;
      const run = started.get(testCaseStartedId)!;
      if ((rank[testStepResult.status] ?? 0) > (rank[run.worst] ?? 0)) {
        run.worst = testStepResult.status;
        if (run.failure === undefined && String(testStepResult.status) !== 'SKIPPED') {
          const message =
            (testStepResult.message ?? testStepResult.status).split('\n').find((l) => l.trim() !== '') ?? '';
          run.failure = `${stepTexts.get(testStepId) || 'a hook'}: ${message.trim().slice(0, 200)}`;
        }
      }
    } else if (envelope.testCaseFinished) {
      const run = started.get(envelope.testCaseFinished.testCaseStartedId)!;
      const pickle = pickles.get(run.pickleId)!;
      outcomes.push({ path: resolve(pickle.uri), line: pickle.line, status: run.worst, failure: run.failure });
    }
  };

  await runCucumber(
    {
      ...configuration,
      sources: {
        ...configuration.sources,
        paths: jobs.map((job) => `${job.path}:${job.lines.join(':')}`),
        names: [],
        tagExpression: '',
        order: 'defined',
      },
      support,
      runtime: { ...configuration.runtime, parallel: workers, failFast: false, retry: 0, dryRun: false },
      formats: { stdout: 'summary', files: {}, publish: false, options: {} },
    },
    { stdout: quiet, stderr: quiet },
    onMessage,
  );
  // Cucumber runs nothing when any feature fails to parse: say which, rather than judge nothing.
  if (parseErrors.length > 0) throw new Error(`features that do not parse:\n${parseErrors.slice(0, 5).join('\n')}`);
  return outcomes;
}

/** The line of each scenario and example row in a parsed document, by AST node id. */
function astLines(envelope: Envelope): [string, number][] {
  const feature = envelope.gherkinDocument?.feature;
  if (!feature) return [];
  const out: [string, number][] = [];
  const scenarios = feature.children.flatMap((child) => [
    child.scenario,
    ...(child.rule?.children.map((c) => c.scenario) ?? []),
  ]);
  for (const scenario of scenarios) {
    if (!scenario) continue;
    out.push([scenario.id, scenario.location.line]);
    for (const examples of scenario.examples)
      for (const row of examples.tableBody) out.push([row.id, row.location.line]);
  }
  return out;
}
