// Runs scenarios in this process's Cucumber: each mutant is its feature with one argument changed, written to a
// scratch directory, and only the scenario it concerns is selected (by line). A worker (this process or one of
// pool.ts) keeps one test run open across its batches: its BeforeAll hooks run before its first batch and its
// AfterAll hooks when it closes, as `cucumber-js` runs them once per worker.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { isDeepStrictEqual } from 'node:util';
import { runCucumber, type IRunConfiguration, type ISupportCodeLibrary } from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';

export interface Job {
  /** The feature's path as Cucumber is given it (scratch file or the book's own). */
  path: string;
  lines: number[];
  /**
   * The lines of steps tried as variants (audit.ts): each runs, its failure is kept and the scenario goes on, and
   * what the World observes of the scenario (`observableState`) is compared before and after it.
   */
  variants?: number[];
}

/** A variant step's result: whether it failed (and how), and whether it left what later steps see as it was. */
export interface VariantOutcome {
  line: number;
  text: string;
  /** The step and the first line of its error, as a scenario's failure reads. */
  failure: string | undefined;
  /** The World observed the same state before and after the step; false when it cannot observe it. */
  unchanged: boolean;
  /** The same of the step as written that runs after it (an extra run of it, when its step has other variants). */
  thenUnchanged: boolean;
}

/** A World the audit can ask what a later step could observe of its scenario (a JSON-comparable value). */
interface Observable {
  observableState(): unknown;
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
  /** The variant steps' results, in the order they ran (a job with variants only). */
  variants: VariantOutcome[];
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
  code: (...args: unknown[]) => unknown;
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
    const variants = new VariantSteps(jobs);
    const onPickle = (texts: readonly string[]) => {
      const before = used.size;
      for (const text of texts) for (const definition of this.#definitionsMatching(text)) used.add(definition);
      if (used.size > before)
        stepDefinitions.splice(
          0,
          Infinity,
          ...this.#library.stepDefinitions.filter((d) => used.has(d)).map((d) => this.#tried(d, variants)),
        );
    };
    return runJobs(this.configuration, library as unknown as ISupportCodeLibrary, jobs, onPickle, variants);
  }

  /** The definition as a variant step runs it (see VariantSteps); any other step runs its code as it is. */
  #tried(definition: StepDefinition, variants: VariantSteps): StepDefinition {
    if (!variants.any) return definition;
    const code = definition.code;
    const tried = function (this: unknown, ...args: unknown[]) {
      const variant = variants.running;
      const after = variant ? undefined : variants.following;
      // Cucumber adds a callback to the arguments; a definition that takes it is run as it is: a failing change
      // fails the shared run, and an unobserved step leaves the changes after it to be judged alone.
      const callbackStyle = code.length === args.length;
      if ((!variant && !after) || callbackStyle) return code.apply(this, args);
      const call = () => code.apply(this, args);
      return variant ? variants.run(variant, this, call) : variants.runAfter(after!, this, call);
    };
    Object.defineProperty(tried, 'length', { value: code.length });
    return Object.create(definition, { code: { value: tried } }) as StepDefinition;
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
 * The variant steps of a run: each runs its code, its failure is kept instead of failing the scenario, and what the
 * World observes of the scenario is compared before and after it. Cucumber announces a step (testStepStarted) in this
 * process just before it runs the step's code, so the runner marks the step running and its code finds it here.
 */
class VariantSteps {
  /** Variant lines by feature path (resolved). */
  readonly #lines = new Map<string, Set<number>>();
  readonly #byTestStep = new Map<string, VariantOutcome>();
  readonly #after = new Map<string, VariantOutcome>();
  running: VariantOutcome | undefined;
  following: VariantOutcome | undefined;

  constructor(jobs: readonly Job[]) {
    for (const job of jobs) if (job.variants?.length) this.#lines.set(resolve(job.path), new Set(job.variants));
  }

  get any(): boolean {
    return this.#lines.size > 0;
  }

  /** The outcome a test step will fill when it is a variant: its pickle step sits on a variant line. */
  plan(testStepId: string, path: string, step: { text: string; line: number }): VariantOutcome | undefined {
    if (!this.#lines.get(resolve(path))?.has(step.line)) return undefined;
    const outcome: VariantOutcome = {
      line: step.line,
      text: step.text,
      failure: undefined,
      unchanged: false,
      thenUnchanged: false,
    };
    this.#byTestStep.set(testStepId, outcome);
    return outcome;
  }

  /** The test step after a variant: the step as written, whose effect on the World is checked too. */
  follows(testStepId: string, variant: VariantOutcome): void {
    this.#after.set(testStepId, variant);
  }

  starting(testStepId: string): void {
    this.running = this.#byTestStep.get(testStepId);
    this.following = this.#after.get(testStepId);
  }

  /** The step as written after a variant: it runs as Cucumber would run it, its effect on the World noted. */
  async runAfter(variant: VariantOutcome, world: unknown, code: () => unknown): Promise<unknown> {
    const { unchanged, result, thrown } = await observing(world, code);
    variant.thenUnchanged = unchanged;
    if (thrown) throw thrown.error;
    return result;
  }

  /** A variant: its failure is kept, not thrown, so the scenario goes on. */
  async run(variant: VariantOutcome, world: unknown, code: () => unknown): Promise<void> {
    const { unchanged, thrown } = await observing(world, code);
    variant.unchanged = unchanged;
    if (thrown) {
      const { error } = thrown;
      variant.failure = `${variant.text}: ${firstLine(error instanceof Error ? (error.stack ?? error.message) : String(error))}`;
    }
  }
}

/**
 * Runs a step's code between two looks at what the World reports of its scenario: what it answered or threw, and
 * whether the report stayed the same (never, for a World that reports nothing).
 */
async function observing(
  world: unknown,
  code: () => unknown,
): Promise<{ unchanged: boolean; result?: unknown; thrown?: { error: unknown } }> {
  const observed = world as Partial<Observable>;
  const observe = async () => (observed.observableState ? await observed.observableState() : undefined);
  const before = await observe();
  let outcome: { result?: unknown; thrown?: { error: unknown } };
  try {
    outcome = { result: await code() };
  } catch (error) {
    outcome = { thrown: { error } };
  }
  return {
    ...outcome,
    unchanged: observed.observableState !== undefined && isDeepStrictEqual(before, await observe()),
  };
}

const firstLine = (message: string) => (message.split('\n').find((l) => l.trim() !== '') ?? '').trim().slice(0, 200);

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
  variants: VariantSteps,
): Promise<Outcome[]> {
  if (jobs.length === 0) return [];
  const pickles = new Map<
    string,
    { uri: string; line: number; tags: string[]; steps: Map<string, { text: string; line: number }> }
  >();
  const stepTexts = new Map<string, string>();
  const testCases = new Map<string, { pickleId: string; variants: VariantOutcome[] }>();
  const started = new Map<
    string,
    { pickleId: string; variants: VariantOutcome[]; worst: string; failure: string | undefined; slowestMs: number }
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
        steps: new Map(pickle.steps.map((s) => [s.id, { text: s.text, line: lineOf.get(s.astNodeIds[0]!) ?? 0 }])),
      });
    } else if (envelope.testCase) {
      const pickle = pickles.get(envelope.testCase.pickleId);
      const planned: VariantOutcome[] = [];
      let awaiting: VariantOutcome | undefined;
      for (const step of envelope.testCase.testSteps) {
        const pickleStep = step.pickleStepId ? pickle?.steps.get(step.pickleStepId) : undefined;
        if (!pickleStep) continue;
        stepTexts.set(step.id, pickleStep.text);
        if (awaiting) variants.follows(step.id, awaiting);
        const variant = variants.plan(step.id, pickle!.uri, pickleStep);
        awaiting = variant;
        if (variant) planned.push(variant);
      }
      testCases.set(envelope.testCase.id, { pickleId: envelope.testCase.pickleId, variants: planned });
    } else if (envelope.testCaseStarted) {
      started.set(envelope.testCaseStarted.id, {
        ...testCases.get(envelope.testCaseStarted.testCaseId)!,
        worst: 'PASSED',
        failure: undefined,
        slowestMs: 0,
      });
    } else if (envelope.testStepStarted) {
      variants.starting(envelope.testStepStarted.testStepId);
    } else if (envelope.testStepFinished) {
      const { testCaseStartedId, testStepId, testStepResult } = envelope.testStepFinished;
      const run = started.get(testCaseStartedId)!;
      const { seconds, nanos } = testStepResult.duration;
      run.slowestMs = Math.max(run.slowestMs, Number(seconds) * 1000 + nanos / 1e6);
      if ((rank[testStepResult.status] ?? 0) > (rank[run.worst] ?? 0)) {
        run.worst = testStepResult.status;
        if (run.failure === undefined && String(testStepResult.status) !== 'SKIPPED') {
          const message = firstLine(testStepResult.message ?? testStepResult.status);
          run.failure = `${stepTexts.get(testStepId) || 'a hook'}: ${message}`;
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
        variants: run.variants,
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

/** The line of each scenario, example row and step in a parsed document, by AST node id. */
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
  const backgrounds = feature.children.flatMap((child) => [
    child.background,
    ...(child.rule?.children.map((c) => c.background) ?? []),
  ]);
  for (const steps of [...scenarios, ...backgrounds].map((parent) => parent?.steps ?? []))
    for (const step of steps) out.push([step.id, step.location.line]);
  return out;
}
