// Runs scenarios in this process's Cucumber: each mutant is its feature with one argument changed, written to a
// scratch directory, and only the scenario it concerns is selected (by line). A worker (this process or one of
// pool.ts) keeps one test run open across its batches: its BeforeAll hooks run before its first batch and its
// AfterAll hooks when it closes, as `cucumber-js` runs them once per worker.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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
  /** The longest step or hook, in wall milliseconds: a mutant of the scenario is given a timeout from it. */
  slowestMs: number;
  tags: string[];
}

export function resetScratch(directory: string): void {
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
}

export function writeScratch(path: string, source: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, source);
  return path;
}

/** What the runner changes of a loaded support library (Cucumber's API type keeps its fields private). */
interface Library {
  defaultTimeout: number;
  beforeTestRunHookDefinitions: readonly { code: unknown }[];
  afterTestRunHookDefinitions: readonly { code: unknown }[];
  originalCoordinates: { importPaths: string[]; requirePaths: string[] };
  stepDefinitions: readonly StepDefinition[];
}

interface StepDefinition {
  matchesStepName(text: string): boolean;
}

const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });

/** Runs batches of scenarios in this process, its test-run hooks once for all of them. */
export class LocalRunner {
  #started = false;
  readonly #library: Library;
  /** The step definitions each step text matches, as Cucumber matches them: the book repeats its sentences. */
  readonly #matching = new Map<string, readonly StepDefinition[]>();

  constructor(
    private readonly configuration: IRunConfiguration,
    private readonly support: ISupportCodeLibrary,
  ) {
    this.#library = support as unknown as Library;
  }

  /** One Cucumber run of the jobs' pickles, every step given `timeoutMs` unless its definition says otherwise. */
  run(jobs: Job[], timeoutMs: number): Promise<Outcome[]> {
    const first = !this.#started;
    this.#started = true;
    const stepDefinitions: StepDefinition[] = [];
    const library: Library = {
      ...this.#library,
      defaultTimeout: timeoutMs,
      beforeTestRunHookDefinitions: first ? this.#library.beforeTestRunHookDefinitions : [],
      afterTestRunHookDefinitions: [],
      originalCoordinates: oneSupportFile(this.#library.originalCoordinates),
      stepDefinitions,
    };
    const used = new Set<StepDefinition>();
    const onPickle = (texts: readonly string[]) => {
      const before = used.size;
      for (const text of texts) for (const definition of this.#definitionsMatching(text)) used.add(definition);
      if (used.size > before)
        stepDefinitions.splice(0, Infinity, ...this.#library.stepDefinitions.filter((d) => used.has(d)));
    };
    return runJobs(this.configuration, library as unknown as ISupportCodeLibrary, jobs, onPickle);
  }

  #definitionsMatching(text: string): readonly StepDefinition[] {
    let matching = this.#matching.get(text);
    if (!matching) {
      matching = this.#library.stepDefinitions.filter((definition) => definition.matchesStepName(text));
      this.#matching.set(text, matching);
    }
    return matching;
  }

  /** The BeforeAll hooks now, ahead of the first batch (a worker opens its database while the audit derives). */
  async open(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    await this.#runHooks(this.#library.beforeTestRunHookDefinitions);
  }

  /** The AfterAll hooks, last defined first, as Cucumber runs them. */
  async close(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    await this.#runHooks([...this.#library.afterTestRunHookDefinitions].reverse());
  }

  async #runHooks(hooks: readonly { code: unknown }[]): Promise<void> {
    const context = { parameters: this.configuration.runtime.worldParameters ?? {} };
    for (const hook of hooks) await (hook.code as (this: typeof context) => unknown).call(context);
  }
}

/**
 * The loaded library's files, cut to one: a run with a loaded library reads none of them, but Cucumber still globs
 * each one again (about 20 ms a batch for the book's 39); with none it would glob the features' folders for some.
 */
function oneSupportFile<T extends Library['originalCoordinates']>(coordinates: T): T {
  const { importPaths, requirePaths } = coordinates;
  return importPaths.length > 0
    ? { ...coordinates, importPaths: importPaths.slice(0, 1), requirePaths: [] }
    : { ...coordinates, requirePaths: requirePaths.slice(0, 1) };
}

/**
 * Runs the jobs' pickles in one Cucumber run in this process; one outcome per pickle. `onPickle` hears each
 * pickle's step texts as Cucumber compiles it, before it matches any step to a definition: the runner gives it
 * only the definitions those texts match (of 282, about 11 a feature), so each step is matched against those
 * instead of every one, twice a scenario, and a batch announces only those. A step matches the same definitions
 * either way, and a step no definition matches stays undefined.
 */
async function runJobs(
  configuration: IRunConfiguration,
  support: ISupportCodeLibrary,
  jobs: Job[],
  onPickle: (stepTexts: readonly string[]) => void,
): Promise<Outcome[]> {
  if (jobs.length === 0) return [];
  const pickles = new Map<string, { uri: string; line: number; tags: string[]; steps: Map<string, string> }>();
  const stepTexts = new Map<string, string>();
  const testCases = new Map<string, string>();
  const started = new Map<
    string,
    { pickleId: string; worst: string; failure: string | undefined; slowestMs: number }
  >();
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
      onPickle(pickle.steps.map((step) => step.text));
      const line = lineOf.get(pickle.astNodeIds.at(-1)!) ?? 0;
      pickles.set(pickle.id, {
        uri: pickle.uri,
        line,
        tags: pickle.tags.map((tag) => tag.name),
        steps: new Map(pickle.steps.map((s) => [s.id, s.text])),
      });
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
        slowestMs: 0,
      });
    } else if (envelope.testStepFinished) {
      const { testCaseStartedId, testStepId, testStepResult } = envelope.testStepFinished;
      const run = started.get(testCaseStartedId)!;
      const { seconds, nanos } = testStepResult.duration;
      run.slowestMs = Math.max(run.slowestMs, Number(seconds) * 1000 + nanos / 1e6);
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
      outcomes.push({
        path: resolve(pickle.uri),
        line: pickle.line,
        status: run.worst,
        failure: run.failure,
        slowestMs: run.slowestMs,
        tags: pickle.tags,
      });
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
      runtime: { ...configuration.runtime, parallel: 0, failFast: false, retry: 0, dryRun: false },
      // The cheapest built-in formatter: the summary formatted every failed scenario (each killed change) at the
      // end of each batch, about 4 ms apiece, for a stream nobody reads; the outcomes come from the messages.
      formats: { stdout: 'rerun', files: {}, publish: false, options: {} },
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
