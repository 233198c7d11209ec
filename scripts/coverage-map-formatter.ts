// A Cucumber formatter (MARTBOOK_COVERAGE=1 adds it in cucumber.mjs): turns on per-scenario coverage in the
// workers (steps/support/coverage.ts) and, when the run ends, writes the code ↔ policy map to its output file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Formatter, type IFormatterOptions } from '@cucumber/cucumber';
import {
  getWorstTestStepResult,
  type Envelope,
  type GherkinDocument,
  type Pickle,
  type TestCase,
  type TestStepResult,
} from '@cucumber/messages';
import {
  COVERAGE_MAP_VERSION,
  COVERAGE_PARTS_ENV,
  FunctionIndex,
  hashFile,
  type CoverageMap,
  type CoveragePart,
  type ScenarioCoverage,
} from './coverage-map.ts';

export default class CoverageMapFormatter extends Formatter {
  static override readonly documentation =
    'Writes which project functions each scenario ran (the code ↔ policy map) as JSON';
  private readonly partsDir = mkdtempSync(join(tmpdir(), 'martbook-coverage-'));
  private readonly pickles = new Map<string, Pickle>();
  private readonly testCases = new Map<string, TestCase>();
  private readonly documents: GherkinDocument[] = [];
  private readonly sourceFiles = new Map<string, string>();
  /** Step results per attempt, and the last attempt of each test case (a retried scenario counts by it). */
  private readonly results = new Map<string, TestStepResult[]>();
  private readonly lastAttempt = new Map<string, string>();
  private success = false;
  private runId: string | undefined;

  constructor(options: IFormatterOptions) {
    super(options);
    // Workers are started after the formatters, and inherit this.
    process.env[COVERAGE_PARTS_ENV] = this.partsDir;
    options.eventBroadcaster.on('envelope', (envelope: Envelope) => this.collect(envelope));
  }

  private collect(envelope: Envelope): void {
    if (envelope.pickle) this.pickles.set(envelope.pickle.id, envelope.pickle);
    if (envelope.testCase) this.testCases.set(envelope.testCase.id, envelope.testCase);
    if (envelope.gherkinDocument) this.documents.push(envelope.gherkinDocument);
    const source = envelope.stepDefinition?.sourceReference ?? envelope.hook?.sourceReference;
    if (source?.uri) this.sourceFiles.set((envelope.stepDefinition ?? envelope.hook)!.id, source.uri);
    if (envelope.testCaseStarted)
      this.lastAttempt.set(envelope.testCaseStarted.testCaseId, envelope.testCaseStarted.id);
    const finished = envelope.testStepFinished;
    if (finished)
      this.results.set(finished.testCaseStartedId, [
        ...(this.results.get(finished.testCaseStartedId) ?? []),
        finished.testStepResult,
      ]);
    if (envelope.testRunStarted) this.runId = envelope.testRunStarted.id;
    if (envelope.testRunFinished) this.success = envelope.testRunFinished.success;
  }

  override async finished(): Promise<void> {
    this.log(`${JSON.stringify(this.build())}\n`);
    rmSync(this.partsDir, { recursive: true, force: true });
    await super.finished();
  }

  private build(): CoverageMap {
    const root = this.cwd;
    const parts = readdirSync(this.partsDir).map(
      (name) => JSON.parse(readFileSync(join(this.partsDir, name), 'utf8')) as CoveragePart,
    );
    const loaded = [...new Set(parts.flatMap((part) => part.loaded))].sort();
    const indexes = new Map<string, FunctionIndex>();
    const indexOf = (file: string) => {
      if (!indexes.has(file)) indexes.set(file, FunctionIndex.ofFile(root, file));
      return indexes.get(file)!;
    };
    const scenarios: Record<string, ScenarioCoverage> = {};
    const files: CoverageMap['files'] = {};
    const srcFile = (file: string) =>
      (files[file] ??= {
        scenarios: [],
        functions: indexOf(file).entries.map((entry) => ({ ...entry, scenarios: [] })),
      });
    for (const file of loaded) if (file.startsWith('src/')) srcFile(file);

    for (const testCase of this.testCases.values()) {
      const pickle = this.pickles.get(testCase.pickleId);
      if (!pickle) continue;
      const id = `${pickle.uri}:${pickle.location?.line ?? 0}`;
      const positions = Object.assign(
        {},
        ...parts.map((part) => part.scenarios[id] ?? {}),
      ) as CoveragePart['scenarios'][string];
      const functions = new Set<string>();
      for (const [file, at] of Object.entries(positions)) {
        if (!file.startsWith('src/') || at.length === 0) continue;
        const entry = srcFile(file);
        entry.scenarios.push(id);
        for (const [line, column] of at) {
          const fn = indexOf(file).at(line, column);
          if (!fn || functions.has(`${file}#${fn.name}`)) continue;
          functions.add(`${file}#${fn.name}`);
          entry.functions.find((f) => f.name === fn.name)?.scenarios.push(id);
        }
      }
      const steps = testCase.testSteps.flatMap((step) => [
        ...(step.stepDefinitionIds ?? []),
        ...(step.hookId ? [step.hookId] : []),
      ]);
      scenarios[id] = {
        name: pickle.name,
        feature: pickle.uri,
        status: getWorstTestStepResult(
          this.results.get(this.lastAttempt.get(testCase.id) ?? '') ?? [],
        ).status.toLowerCase(),
        steps: [...new Set(steps.flatMap((stepId) => this.sourceFiles.get(stepId) ?? []))]
          .map((uri) => relative(root, join(root, uri)))
          .filter((file) => file !== 'steps/support/coverage.ts')
          .sort(),
        files: Object.keys(positions)
          .filter((file) => (positions[file] ?? []).length > 0)
          .sort(),
        functions: [...functions].sort(),
      };
    }

    const features = this.documents.flatMap((document) => (document.uri ? [document.uri] : [])).sort();
    const relied = new Set([...loaded, ...features, ...Object.values(scenarios).flatMap((s) => s.steps)]);
    const hashes = Object.fromEntries(
      [...relied].sort().flatMap((file) => {
        const hash = hashFile(join(root, file));
        return hash ? [[file, hash]] : [];
      }),
    );
    return {
      version: COVERAGE_MAP_VERSION,
      createdAt: new Date().toISOString(),
      runId: this.runId,
      commit: git(root, ['rev-parse', 'HEAD']),
      backend: process.env.DATABASE_URL || process.env.REDIS_URL ? 'real' : 'embedded',
      complete: Object.keys(scenarios).length === countPickles(this.documents),
      success: this.success,
      features,
      featureNames: Object.fromEntries(
        this.documents.flatMap((document) => (document.uri ? [[document.uri, document.feature?.name ?? '']] : [])),
      ),
      loaded,
      hashes,
      scenarios,
      files,
    };
  }
}

/** Scenarios plus example rows of the loaded features: what an unfiltered run has as test cases. */
function countPickles(documents: readonly GherkinDocument[]): number {
  let count = 0;
  const scenarios = (
    children: readonly {
      scenario?: { examples: readonly { tableBody: readonly unknown[] }[] };
      rule?: { children: readonly { scenario?: { examples: readonly { tableBody: readonly unknown[] }[] } }[] };
    }[],
  ) => {
    for (const child of children) {
      if (child.scenario)
        count +=
          child.scenario.examples.length === 0
            ? 1
            : child.scenario.examples.reduce((sum, e) => sum + e.tableBody.length, 0);
      if (child.rule) scenarios(child.rule.children);
    }
  };
  for (const document of documents) scenarios(document.feature?.children ?? []);
  return count;
}

function git(cwd: string, args: string[]): string | undefined {
  try {
    return (
      execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}
