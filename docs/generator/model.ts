// Turns the query into what a page shows: for each pickle (scenario or example row) its attempts, and for
// each attempt its steps and hooks with status, duration, error and attachments.
import {
  HookType,
  TimeConversion,
  TestStepResultStatus,
  type Attachment,
  type Hook,
  type Pickle,
  type PickleStep,
  type SourceReference,
  type Step,
  type TestCaseStarted,
  type TestStepResult,
} from '@cucumber/messages';
import type { LoadedRun } from './load-run.ts';

export const STATUSES = [
  'passed',
  'failed',
  'ambiguous',
  'undefined',
  'pending',
  'skipped',
  'unknown',
  'not-run',
] as const;
export type Status = (typeof STATUSES)[number];

/** The columns of the overview: several statuses share one. */
export const STATUS_GROUPS = {
  passed: ['passed'],
  failed: ['failed', 'ambiguous'],
  'not-implemented': ['undefined', 'pending'],
  skipped: ['skipped'],
  'not-run': ['not-run', 'unknown'],
} as const satisfies Record<string, readonly Status[]>;
export type StatusGroup = keyof typeof STATUS_GROUPS;

export const STATUS_LABELS: Record<Status | StatusGroup, string> = {
  passed: 'passed',
  failed: 'failed',
  ambiguous: 'ambiguous',
  undefined: 'not implemented (undefined)',
  pending: 'not implemented (pending)',
  'not-implemented': 'not implemented',
  skipped: 'skipped',
  unknown: 'unknown (did not finish)',
  'not-run': 'not run',
};

export interface StepView {
  kind: 'step' | 'hook';
  /** `Given `, `When `…, or the hook's type (`Before`, `After`). */
  keyword: string;
  text: string;
  pickleStep?: PickleStep;
  status: Status;
  durationMs?: number;
  error?: string;
  attachments: readonly Attachment[];
  /** Where the step definition or hook is written (file relative to the project, line). */
  source?: { uri: string; line?: number };
}

export interface AttemptView {
  attempt: number;
  status: Status;
  durationMs?: number;
  steps: StepView[];
}

export interface PickleView {
  pickle: Pickle;
  status: Status;
  /** Oldest first; empty when the pickle never ran. */
  attempts: AttemptView[];
}

export function toStatus(status: TestStepResultStatus | undefined): Status {
  return status === undefined ? 'unknown' : (status.toLowerCase() as Status);
}

export function groupOf(status: Status): StatusGroup {
  for (const [group, members] of Object.entries(STATUS_GROUPS) as [StatusGroup, readonly Status[]][]) {
    if (members.includes(status)) return group;
  }
  return 'not-run';
}

/** Views of every pickle that belongs to a scenario, by scenario (AST node) id. */
export class RunModel {
  private readonly testCaseIdByPickle = new Map<string, string>();
  private readonly backgroundStepIds = new Set<string>();
  private readonly viewsByPickle = new Map<string, PickleView>();

  /** root: the project folder, removed from paths in error messages. */
  constructor(
    private readonly run: LoadedRun,
    private readonly root = '',
  ) {
    for (const testCase of run.testCases) this.testCaseIdByPickle.set(testCase.pickleId, testCase.id);
  }

  /** Marks AST step ids as background steps, so they can be labelled in a scenario's step list. */
  addBackgroundSteps(steps: readonly Step[]): void {
    for (const step of steps) this.backgroundStepIds.add(step.id);
  }

  isBackgroundStep(pickleStep: PickleStep): boolean {
    return pickleStep.astNodeIds.some((id) => this.backgroundStepIds.has(id));
  }

  /** The pickle's result, built once: the history record and the page both read it. */
  viewPickle(pickle: Pickle): PickleView {
    let view = this.viewsByPickle.get(pickle.id);
    if (!view) this.viewsByPickle.set(pickle.id, (view = this.buildPickleView(pickle)));
    return view;
  }

  private buildPickleView(pickle: Pickle): PickleView {
    const testCaseId = this.testCaseIdByPickle.get(pickle.id);
    const started = testCaseId ? (this.run.attemptsByTestCase.get(testCaseId) ?? []) : [];
    const attempts = [...started].sort((a, b) => a.attempt - b.attempt).map((attempt) => this.viewAttempt(attempt));
    const last = attempts.at(-1);
    return { pickle, status: last?.status ?? 'not-run', attempts };
  }

  private withoutRoot(text: string | undefined): string | undefined {
    if (!text || this.root === '') return text;
    return text.replaceAll(`file://${this.root}/`, '').replaceAll(`${this.root}/`, '');
  }

  private viewAttempt(started: TestCaseStarted): AttemptView {
    const { query } = this.run;
    const finishedCase = query.findTestCaseFinishedBy(started);
    const testCase = query.findTestCaseBy(started);
    const results = new Map(query.findTestStepsFinishedBy(started).map((step) => [step.testStepId, step]));
    const steps: StepView[] = [];
    for (const testStep of testCase?.testSteps ?? []) {
      const finished = results.get(testStep.id);
      const result = finished?.testStepResult;
      const attachments = finished ? query.findAttachmentsBy(finished) : [];
      const base = {
        status: finished ? toStatus(result?.status) : finishedCase ? 'skipped' : 'not-run',
        durationMs: result ? TimeConversion.durationToMilliseconds(result.duration) : undefined,
        error: result ? this.withoutRoot(errorOf(result)) : undefined,
        attachments,
      } satisfies Partial<StepView>;
      const pickleStep = query.findPickleStepBy(testStep);
      if (pickleStep) {
        const step = query.findStepBy(pickleStep);
        const source = sourceOf(query.findUnambiguousStepDefinitionBy(testStep)?.sourceReference);
        steps.push({ kind: 'step', keyword: step?.keyword ?? '', text: pickleStep.text, pickleStep, source, ...base });
      } else {
        const hook = query.findHookBy(testStep);
        steps.push({
          kind: 'hook',
          keyword: hookKeyword(hook),
          text: hookText(hook),
          source: sourceOf(hook?.sourceReference),
          ...base,
        });
      }
    }
    const worst = finishedCase ? query.findMostSevereTestStepResultBy(started) : undefined;
    const duration = finishedCase ? query.findTestCaseDurationBy(started) : undefined;
    return {
      attempt: started.attempt + 1,
      status: finishedCase ? toStatus(worst?.status) : 'unknown',
      durationMs: duration ? TimeConversion.durationToMilliseconds(duration) : undefined,
      steps,
    };
  }
}

function sourceOf(reference: SourceReference | undefined): StepView['source'] {
  return reference?.uri ? { uri: reference.uri, line: reference.location?.line } : undefined;
}

/** The result's message, else the exception's type, message and stack. */
export function errorOf(result: TestStepResult): string | undefined {
  if (result.status === TestStepResultStatus.PASSED) return undefined;
  if (result.message) return result.message;
  const exception = result.exception;
  if (!exception) return undefined;
  return [exception.type, exception.message, exception.stackTrace].filter(Boolean).join('\n');
}

const HOOK_KEYWORDS: Record<HookType, string> = {
  [HookType.BEFORE_TEST_RUN]: 'BeforeAll',
  [HookType.AFTER_TEST_RUN]: 'AfterAll',
  [HookType.BEFORE_TEST_CASE]: 'Before',
  [HookType.AFTER_TEST_CASE]: 'After',
  [HookType.BEFORE_TEST_STEP]: 'BeforeStep',
  [HookType.AFTER_TEST_STEP]: 'AfterStep',
};

export function hookKeyword(hook: Hook | undefined): string {
  return hook?.type ? HOOK_KEYWORDS[hook.type] : 'Hook';
}

export function hookText(hook: Hook | undefined): string {
  if (!hook) return '(unknown hook)';
  const line = hook.sourceReference.location?.line;
  const where = `${hook.sourceReference.uri ?? '?'}${line === undefined ? '' : `:${line}`}`;
  return hook.name ? `${hook.name} (${where})` : where;
}
