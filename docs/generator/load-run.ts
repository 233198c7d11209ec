// Reads a run's Cucumber messages into @cucumber/query, and the run's metadata (git, backend) around it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  parseEnvelope,
  type Envelope,
  type GherkinDocument,
  type ParseError,
  type TestCase,
  type TestCaseStarted,
} from '@cucumber/messages';
import { Query } from '@cucumber/query';
import { gitOutput } from './git.ts';

export interface RunMeta {
  startedAt?: Date;
  finished: boolean;
  success?: boolean;
  commit?: string;
  branch?: string;
  backend: string;
  cucumberVersion?: string;
}

/** A messages file read, with the id of the run that wrote it (a shard's own, before any merge). */
export interface RunSource {
  path: string;
  runId?: string;
}

export interface LoadedRun {
  query: Query;
  /** The messages files read: one, or the shards merged. What sits beside them (coverage maps) names their ids. */
  sources: RunSource[];
  /** Every attempt of every test case, retried ones included (Query keeps only the last). */
  attemptsByTestCase: Map<string, TestCaseStarted[]>;
  testCases: TestCase[];
  /** Gherkin documents by uri, including those without any scenario. */
  documents: Map<string, GherkinDocument>;
  parseErrors: ParseError[];
  messagesFound: boolean;
  /** Lines that could not be parsed, e.g. the torn last line of a crashed run. */
  unreadableLines: number;
}

/** Feeds every envelope of the ndjson file (if it exists) to a new Query. */
export function loadRun(messagesPath: string): LoadedRun {
  const query = new Query();
  const run: LoadedRun = {
    query,
    sources: [],
    attemptsByTestCase: new Map(),
    testCases: [],
    documents: new Map(),
    parseErrors: [],
    messagesFound: false,
    unreadableLines: 0,
  };
  if (!existsSync(messagesPath)) return run;
  run.messagesFound = true;
  for (const line of readFileSync(messagesPath, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    let envelope: Envelope;
    try {
      envelope = parseEnvelope(line);
    } catch {
      run.unreadableLines++;
      continue;
    }
    addEnvelope(run, envelope);
  }
  run.sources = [{ path: messagesPath, runId: query.findTestRunStarted()?.id }];
  return run;
}

/** Feeds one envelope to the query and keeps the small indexes Query does not offer. */
export function addEnvelope(run: LoadedRun, envelope: Envelope): void {
  run.query.update(envelope);
  if (envelope.testCase) run.testCases.push(envelope.testCase);
  if (envelope.gherkinDocument?.uri) run.documents.set(envelope.gherkinDocument.uri, envelope.gherkinDocument);
  if (envelope.parseError) run.parseErrors.push(envelope.parseError);
  const started = envelope.testCaseStarted;
  if (started) {
    const attempts = run.attemptsByTestCase.get(started.testCaseId) ?? [];
    attempts.push(started);
    run.attemptsByTestCase.set(started.testCaseId, attempts);
  }
}

/** Date, git commit and branch (from the run, else from `git` now), backend (from run-meta.json), outcome. */
export function readRunMeta(run: LoadedRun, messagesPath: string, root: string): RunMeta {
  const { query } = run;
  const started = query.findTestRunStarted();
  const finished = query.findTestRunFinished();
  const meta = query.findMeta();
  const git = meta?.ci?.git;
  return {
    startedAt: started ? new Date(started.timestamp.seconds * 1000 + started.timestamp.nanos / 1e6) : undefined,
    finished: finished !== undefined,
    success: finished?.success,
    commit: git?.revision ?? gitOutput(root, ['rev-parse', 'HEAD']),
    branch: git?.branch ?? gitOutput(root, ['rev-parse', '--abbrev-ref', 'HEAD']),
    backend: readBackend(join(dirname(messagesPath), 'run-meta.json')),
    cucumberVersion: meta ? `${meta.implementation.name} ${meta.implementation.version}` : undefined,
  };
}

function readBackend(path: string): string {
  if (!existsSync(path)) return 'embedded';
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    const backend = (parsed as { backend?: unknown }).backend;
    return typeof backend === 'string' && backend !== '' ? backend : 'embedded';
  } catch {
    return 'embedded';
  }
}
