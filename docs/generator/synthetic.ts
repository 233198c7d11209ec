// Synthetic input for benchmarks and tests: N feature files (rules, backgrounds, outlines, Korean text,
// injection attempts) parsed with @cucumber/gherkin, and a matching messages ndjson in which some scenarios
// fail, are undefined or pending, are retried, carry attachments (vendor calls among them), and a failing AfterAll hook.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMessages } from '@cucumber/gherkin';
import {
  AttachmentContentEncoding,
  HookType,
  IdGenerator,
  SourceMediaType,
  StepDefinitionPatternType,
  TestStepResultStatus,
  type Envelope,
  type Pickle,
  type TestStep,
} from '@cucumber/messages';

export interface SyntheticInput {
  dir: string;
  /** The folder uris are relative to: pass as `root` to generate(). */
  root: string;
  messagesPath: string;
  featureCount: number;
}

const DOMAINS = ['cart', 'refund', 'payment', 'search', 'catalog', 'alerts'];
const INJECTION = "<script>alert(1)</script> {x} `tick` <Foo /> [l](javascript:alert(1)) import x from 'y'";

function featureText(index: number): string {
  if (index % 10 === 3) {
    return `# language: ko\n기능: 정책 ${index}\n  고객 설명 ${index}\n\n  배경:\n    조건 the system is ready\n\n  시나리오: 장바구니 ${index}\n    만일 the customer does thing ${index}\n    그러면 the outcome is "ok"\n`;
  }
  const name = index % 7 === 0 ? `Policy ${index} ${INJECTION}` : `Policy ${index}`;
  return `@policy-${index}
Feature: ${name}
  Why policy ${index} exists: an incident with <b>tags</b> and {braces}.

  Background:
    Given the system is ready

  Rule: First rule of ${index}
    Scenario: Plain scenario ${index}
      When the customer does thing ${index}
      Then the outcome is "ok"

    Scenario Outline: Outline ${index} with <n>
      When the customer does thing <n>
      Then the outcome is "<outcome>"
        | column | value ${index % 7 === 0 ? '\\| pipe <b>' : 'plain'} |

      Examples:
        | n | outcome |
        | 1 | ok      |
        | 2 | ok      |

  Rule: Second rule of ${index}
    Scenario: Doc string scenario ${index}
      Given a note:
        """
        ${index % 7 === 0 ? '```\n        <script>alert(1)</script>\n        ```' : `note ${index}`}
        """
      Then the outcome is "ok"
`;
}

/** Writes `featureCount` features under <dir>/features/<domain>/ and <dir>/messages.ndjson. */
export function writeSyntheticInput(
  featureCount: number,
  dir = mkdtempSync(join(tmpdir(), 'martbook-synthetic-')),
): SyntheticInput {
  const newId = IdGenerator.incrementing();
  const envelopes: Envelope[] = [];
  const clock = { ms: Date.UTC(2026, 0, 1) };
  const at = () => ({ seconds: Math.floor(clock.ms / 1000), nanos: (clock.ms % 1000) * 1e6 });
  const tick = (ms: number) => (clock.ms += ms);
  envelopes.push({
    meta: {
      protocolVersion: '32.0.0',
      implementation: { name: 'synthetic', version: '1' },
      runtime: { name: 'node.js', version: process.versions.node },
      os: { name: 'linux' },
      cpu: { name: 'x64' },
      ci: {
        name: 'synthetic',
        git: { remote: 'https://git.example.com/martbook.git', revision: 'deadbeef', branch: 'bench' },
      },
    },
  });
  const definitions = [
    'the system is ready',
    'the customer does thing {int}',
    'the outcome is {string}',
    'a note:',
    'never used {int}',
  ];
  const definitionIds = definitions.map((source, line) => {
    const id = newId();
    const pattern = { source, type: StepDefinitionPatternType.CUCUMBER_EXPRESSION };
    envelopes.push({
      stepDefinition: {
        id,
        pattern,
        sourceReference: { uri: 'steps/synthetic.steps.ts', location: { line: line + 1 } },
      },
    });
    return id;
  });
  const beforeHook = newId();
  const afterAllHook = newId();
  envelopes.push({
    hook: { id: beforeHook, type: HookType.BEFORE_TEST_CASE, sourceReference: { uri: 'steps/support/hooks.ts' } },
  });
  envelopes.push({
    hook: { id: afterAllHook, type: HookType.AFTER_TEST_RUN, sourceReference: { uri: 'steps/support/hooks.ts' } },
  });

  const pickles: Pickle[] = [];
  for (let index = 0; index < featureCount; index++) {
    const domain = DOMAINS[index % DOMAINS.length] ?? 'cart';
    const uri = `features/${domain}/policy-${index}.feature`;
    const data = featureText(index);
    mkdirSync(join(dir, 'features', domain), { recursive: true });
    writeFileSync(join(dir, uri), data);
    for (const envelope of generateMessages(data, uri, SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN, {
      includeSource: true,
      includeGherkinDocument: true,
      includePickles: true,
      newId,
    })) {
      envelopes.push(envelope);
      if (envelope.pickle) pickles.push(envelope.pickle);
    }
  }

  const runId = newId();
  envelopes.push({ testRunStarted: { id: runId, timestamp: at() } });
  pickles.forEach((pickle, index) => {
    const testSteps: TestStep[] = [{ id: newId(), hookId: beforeHook }];
    for (const step of pickle.steps) {
      const definition = definitions.findIndex(
        (source) => source.split(' {')[0] === step.text.replace(/ ("[^"]*"|\d+)$/, ''),
      );
      const ids = definition >= 0 ? [definitionIds[definition] ?? ''] : [];
      testSteps.push({ id: newId(), pickleStepId: step.id, stepDefinitionIds: ids, stepMatchArgumentsLists: [] });
    }
    const testCase = { id: newId(), pickleId: pickle.id, testSteps, testRunStartedId: runId };
    envelopes.push({ testCase });
    const attempts = index % 13 === 5 ? 2 : 1;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const startedId = newId();
      envelopes.push({ testCaseStarted: { id: startedId, testCaseId: testCase.id, attempt, timestamp: at() } });
      let failed = false;
      testSteps.forEach((testStep, stepIndex) => {
        envelopes.push({ testStepStarted: { testCaseStartedId: startedId, testStepId: testStep.id, timestamp: at() } });
        let status = failed ? TestStepResultStatus.SKIPPED : TestStepResultStatus.PASSED;
        const last = stepIndex === testSteps.length - 1;
        if (!failed && last && (attempt < attempts - 1 || index % 11 === 4)) status = TestStepResultStatus.FAILED;
        if (!failed && last && index % 17 === 8) status = TestStepResultStatus.UNDEFINED;
        if (!failed && last && index % 19 === 9) status = TestStepResultStatus.PENDING;
        const message =
          status === TestStepResultStatus.FAILED
            ? `Expected "ok" but got ${INJECTION}\n    at step (steps/x.ts:1:1)`
            : undefined;
        failed ||= status !== TestStepResultStatus.PASSED;
        tick(1);
        envelopes.push({
          testStepFinished: {
            testCaseStartedId: startedId,
            testStepId: testStep.id,
            testStepResult: { status, message, duration: { seconds: 0, nanos: 1e6 } },
            timestamp: at(),
          },
        });
        if (index % 3 === 0 && last) {
          // The calls the scenario made to vendors, as the project's After hook attaches them: a diagram per scenario.
          const calls = [
            { vendor: 'portone', operation: 'POST /users/getToken', operationId: 'getToken', status: 200 },
            {
              vendor: 'portone',
              operation: 'POST /payments/cancel',
              operationId: 'cancelPayment',
              status: index % 2 ? 200 : 'no-response',
              fault: index % 2 ? undefined : 'timeout',
            },
            { vendor: 'object-storage', operation: 'PUT /{bucket}/{key}', operationId: 'putObject', status: 200 },
          ];
          envelopes.push({
            attachment: {
              testCaseStartedId: startedId,
              testStepId: testStep.id,
              body: JSON.stringify(calls),
              contentEncoding: AttachmentContentEncoding.IDENTITY,
              mediaType: 'application/vnd.martbook.vendor-calls+json',
            },
          });
        }
        if (index % 9 === 2 && stepIndex === 1) {
          envelopes.push({
            attachment: {
              testCaseStartedId: startedId,
              testStepId: testStep.id,
              body: `log ${INJECTION}`,
              contentEncoding: AttachmentContentEncoding.IDENTITY,
              mediaType: 'text/plain',
            },
          });
        }
      });
      envelopes.push({
        testCaseFinished: { testCaseStartedId: startedId, timestamp: at(), willBeRetried: attempt < attempts - 1 },
      });
    }
  });
  const hookStartedId = newId();
  envelopes.push({
    testRunHookStarted: { id: hookStartedId, testRunStartedId: runId, hookId: afterAllHook, timestamp: at() },
  });
  envelopes.push({
    testRunHookFinished: {
      testRunHookStartedId: hookStartedId,
      result: {
        status: TestStepResultStatus.FAILED,
        message: `AfterAll failed: ${INJECTION}`,
        duration: { seconds: 0, nanos: 0 },
      },
      timestamp: at(),
    },
  });
  envelopes.push({ testRunFinished: { testRunStartedId: runId, success: false, timestamp: at() } });

  const messagesPath = join(dir, 'messages.ndjson');
  writeFileSync(messagesPath, `${envelopes.map((envelope) => JSON.stringify(envelope)).join('\n')}\n`);
  return { dir, root: dir, messagesPath, featureCount };
}
