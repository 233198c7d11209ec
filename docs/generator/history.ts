// Run history without a server: each run appends one compact JSON line to a history file (like Allure Report 3's
// history.jsonl), bounded to the last N runs. A line holds, per scenario or example row, its status, duration and
// number of attempts, and per run its commit, branch, backend, time and the hashes of every feature file and of
// the code folders — so a status that changes while none of them did can be told apart from one a change caused.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GherkinDocument, Pickle, Rule, Scenario } from '@cucumber/messages';
import { findFiles } from './load-features.ts';
import type { LoadedRun, RunMeta } from './load-run.ts';
import { groupOf, type RunModel, type Status, type StatusGroup } from './model.ts';

/** [status, duration in ms, attempts] of one scenario or example row in one run. */
export type Outcome = [status: Status, ms: number, attempts: number];

export interface RunRecord {
  /** The run's id (Cucumber's testRunStarted id; for merged shards, a hash of theirs). */
  run: string;
  time: string;
  commit?: string;
  branch?: string;
  backend: string;
  /** Feature file hashes by uri, and code folder hashes by folder (steps, src, mocks). */
  hashes: { features: Record<string, string>; code: Record<string, string> };
  /** By scenario key; scenarios that did not run are left out. */
  scenarios: Record<string, Outcome>;
}

const DEFAULT_HISTORY_LIMIT = 20;
export const DEFAULT_CODE_PATHS = ['steps', 'src', 'mocks'];

export interface ScenarioKey {
  key: string;
  scenarioId: string;
  /** The example row's AST id, for outline rows. */
  rowId?: string;
  ruleId?: string;
}

/**
 * The stable ids of a feature's scenarios and example rows: `<uri> › <scenario name>`, and for a row
 * ` › <its cells>`. The same name twice in one feature gets ` (2)`. Rewording a name or a row makes a new id.
 */
export function scenarioKeys(uri: string, document: GherkinDocument | undefined): ScenarioKey[] {
  const keys: ScenarioKey[] = [];
  const used = new Set<string>();
  const unique = (base: string) => {
    let key = base;
    for (let n = 2; used.has(key); n++) key = `${base} (${n})`;
    used.add(key);
    return key;
  };
  const add = (scenario: Scenario, rule?: Rule) => {
    const base = unique(`${uri} › ${scenario.name.trim()}`);
    const rows = scenario.examples.flatMap((examples) => examples.tableBody);
    if (rows.length === 0 && scenario.examples.length === 0)
      keys.push({ key: base, scenarioId: scenario.id, ruleId: rule?.id });
    for (const row of rows) {
      keys.push({
        key: unique(`${base} › ${row.cells.map((cell) => cell.value).join(' | ')}`),
        scenarioId: scenario.id,
        rowId: row.id,
        ruleId: rule?.id,
      });
    }
  };
  for (const child of document?.feature?.children ?? []) {
    if (child.scenario) add(child.scenario);
    for (const ruleChild of child.rule?.children ?? []) if (ruleChild.scenario) add(ruleChild.scenario, child.rule);
  }
  return keys;
}

/** Scenario keys of every document of the run, by uri. */
export function keysOfRun(run: LoadedRun): Map<string, ScenarioKey[]> {
  return new Map([...run.documents].map(([uri, document]) => [uri, scenarioKeys(uri, document)]));
}

/** This run as a history record. Hashes are of the files as they are now (the run's own checkout). */
export function buildRunRecord(
  run: LoadedRun,
  model: RunModel,
  meta: RunMeta,
  root: string,
  codePaths = DEFAULT_CODE_PATHS,
): RunRecord {
  const pickleByNode = new Map<string, Pickle>();
  for (const pickle of run.query.findAllPickles()) pickleByNode.set(pickle.astNodeIds.slice(0, 2).join(' '), pickle);
  const scenarios: Record<string, Outcome> = {};
  const features: Record<string, string> = {};
  for (const [uri, keys] of keysOfRun(run)) {
    features[uri] = hashFiles(root, [uri]);
    for (const { key, scenarioId, rowId } of keys) {
      const pickle = pickleByNode.get(rowId ? `${scenarioId} ${rowId}` : scenarioId);
      if (!pickle) continue;
      const view = model.viewPickle(pickle);
      const last = view.attempts.at(-1);
      if (!last || view.status === 'not-run') continue;
      scenarios[key] = [view.status, Math.round(last.durationMs ?? 0), view.attempts.length];
    }
  }
  const code = Object.fromEntries(
    codePaths
      .filter((path) => existsSync(join(root, path)))
      .map((path) => [path, hashFiles(root, [path, `${path}/**`])]),
  );
  const started = run.query.findTestRunStarted();
  const time = meta.startedAt ?? new Date();
  return {
    run: started?.id ?? `${time.getTime()}`,
    time: time.toISOString(),
    commit: meta.commit,
    branch: meta.branch,
    backend: meta.backend,
    hashes: { features, code },
    scenarios,
  };
}

/** A short content hash of the files matching globs under root (paths included, so a rename counts). */
function hashFiles(root: string, globs: readonly string[]): string {
  const hash = createHash('sha256');
  const files = findFiles(root, globs);
  if (files.length === 0) return 'missing';
  for (const file of files)
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(root, file)))
      .update('\0');
  return hash.digest('hex').slice(0, 12);
}

/** The records of a history file, oldest first; unreadable lines (a torn write) are skipped. */
export function readHistory(path: string): RunRecord[] {
  if (!existsSync(path)) return [];
  const records: RunRecord[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const record = JSON.parse(line) as RunRecord;
      if (typeof record.run === 'string' && record.scenarios && record.hashes) records.push(record);
    } catch {
      // skipped: a line cut short by a crash is not a run
    }
  }
  return records;
}

/**
 * Appends the run to the history file once: a run id already there is replaced where it stands (the run was
 * rendered while it was still going). Keeps the last `limit` runs; returns the history up to and including this run.
 */
export function recordRun(path: string, record: RunRecord, limit = DEFAULT_HISTORY_LIMIT): RunRecord[] {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`The history keeps a whole number of runs, at least 1 (got ${limit})`);
  const records = readHistory(path);
  const index = records.findIndex((existing) => existing.run === record.run);
  if (index >= 0) records[index] = record;
  const kept = (index >= 0 ? records : [...records, record]).slice(-limit);
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, kept.map((entry) => JSON.stringify(entry)).join('\n') + '\n');
  renameSync(temporary, path);
  // A run older than the runs kept is shown on its own.
  const at = kept.indexOf(record);
  return at < 0 ? [record] : kept.slice(0, at + 1);
}

export interface TrendPoint {
  record: RunRecord;
  /** Undefined when the scenario did not run in that record. */
  status?: Status;
  ms?: number;
  attempts?: number;
}

export interface Trend {
  points: TrendPoint[];
  /** Changes of status group between consecutive runs it ran in, over the number of such pairs. */
  flips: number;
  pairs: number;
  /** Flips between runs with the same feature file, code and backend. */
  unexplainedFlips: number;
  flaky: boolean;
}

const SEVERITY: readonly Status[] = [
  'failed',
  'ambiguous',
  'undefined',
  'pending',
  'unknown',
  'skipped',
  'passed',
  'not-run',
];

/** The worst of several statuses (an outline's rows, a Rule's scenarios). */
export function worstStatus(statuses: readonly (Status | undefined)[]): Status | undefined {
  return SEVERITY.find((status) => statuses.includes(status));
}

/**
 * The trend of one scenario (its keys: one, or one per example row) or one Rule (its scenarios' keys) over the
 * history. Flaky: its status went back and forth at least twice without a change to its feature file, the code
 * or the backend, or it passed only on a retry in the latest run.
 */
export function trendOf(keys: readonly string[], uri: string, history: readonly RunRecord[]): Trend {
  const points = history.map((record): TrendPoint => {
    const outcomes = keys.flatMap((key): Outcome[] => (record.scenarios[key] ? [record.scenarios[key]] : []));
    if (outcomes.length === 0) return { record };
    return {
      record,
      status: worstStatus(outcomes.map(([status]) => status)),
      ms: outcomes.reduce((sum, [, ms]) => sum + ms, 0),
      attempts: Math.max(...outcomes.map(([, , attempts]) => attempts)),
    };
  });
  let flips = 0;
  let pairs = 0;
  let unexplainedFlips = 0;
  let previous: TrendPoint | undefined;
  for (const point of points) {
    if (!point.status) continue;
    if (previous?.status) {
      pairs++;
      if (groupOf(previous.status) !== groupOf(point.status)) {
        flips++;
        if (sameSetting(previous.record, point.record, uri)) unexplainedFlips++;
      }
    }
    previous = point;
  }
  const latest = points.at(-1);
  const retriedPass = latest?.status === 'passed' && (latest.attempts ?? 1) > 1;
  return { points, flips, pairs, unexplainedFlips, flaky: unexplainedFlips >= 2 || retriedPass };
}

/** Same feature file, same code and same backend: nothing that could explain a change of status. */
function sameSetting(a: RunRecord, b: RunRecord, uri: string): boolean {
  if (a.backend !== b.backend || a.hashes.features[uri] !== b.hashes.features[uri]) return false;
  const folders = new Set([...Object.keys(a.hashes.code), ...Object.keys(b.hashes.code)]);
  return [...folders].every((folder) => a.hashes.code[folder] === b.hashes.code[folder]);
}

export type Change = 'new' | 'removed' | 'fixed' | 'regressed' | 'flaky' | 'slower';
export const CHANGES: readonly Change[] = ['regressed', 'fixed', 'flaky', 'new', 'removed', 'slower'];

export interface ScenarioChange {
  change: Change;
  /** The scenario's key without its example row (one entry per scenario, not per row). */
  key: string;
  uri: string;
  before?: Status;
  now?: Status;
  /** For slower: the median of the earlier runs and now, in ms. */
  baselineMs?: number;
  ms?: number;
  /** For fixed and regressed: true when nothing changed between the two runs (feature, code, backend). */
  unexplained?: boolean;
}

export interface ScenarioGroup {
  key: string;
  uri: string;
  keys: string[];
}

/** Slower: at least this factor over the median of the last runs it passed in, and at least this many ms more. */
const SLOWER_FACTOR = 1.5;
const SLOWER_MIN_MS = 200;
const SLOWER_BASELINE_RUNS = 5;

/**
 * What changed since the run before the last record: per scenario, new, removed, fixed, regressed, flaky (per its
 * trend over the whole history) and slower. `current` lists today's scenarios with the keys of their rows.
 */
export function changesSinceLastRun(
  history: readonly RunRecord[],
  current: readonly ScenarioGroup[],
): ScenarioChange[] {
  const now = history.at(-1);
  const before = history.at(-2);
  if (!now || !before) return [];
  const changes: ScenarioChange[] = [];
  const currentKeys = new Set(current.flatMap((group) => group.keys));
  for (const group of current) {
    const trend = trendOf(group.keys, group.uri, history);
    const [previous, latest] = [trend.points.at(-2), trend.points.at(-1)];
    if (!latest?.status) continue;
    const entry = { key: group.key, uri: group.uri, before: previous?.status, now: latest.status };
    if (!previous?.status) changes.push({ change: 'new', ...entry });
    else {
      const [was, is] = [groupOf(previous.status), groupOf(latest.status)];
      const unexplained = sameSetting(before, now, group.uri);
      if (isProblem(was) && is === 'passed') changes.push({ change: 'fixed', ...entry, unexplained });
      if (was === 'passed' && isProblem(is)) changes.push({ change: 'regressed', ...entry, unexplained });
    }
    if (trend.flaky) changes.push({ change: 'flaky', ...entry });
    const baseline = median(
      trend.points
        .slice(0, -1)
        .filter((point) => point.status === 'passed')
        .slice(-SLOWER_BASELINE_RUNS)
        .flatMap((point) => point.ms ?? []),
    );
    const ms = latest.ms ?? 0;
    if (
      latest.status === 'passed' &&
      baseline !== undefined &&
      ms >= baseline * SLOWER_FACTOR &&
      ms - baseline >= SLOWER_MIN_MS
    ) {
      changes.push({ change: 'slower', ...entry, baselineMs: baseline, ms });
    }
  }
  // Removed: a scenario of the last run none of whose rows is in today's features.
  const currentScenarios = new Set(current.map((group) => group.key));
  const removed = new Map<string, Status[]>();
  for (const [key, [status]] of Object.entries(before.scenarios)) {
    if (currentKeys.has(key)) continue;
    const scenario = key.split(' › ').slice(0, 2).join(' › ');
    if (!currentScenarios.has(scenario)) removed.set(scenario, [...(removed.get(scenario) ?? []), status]);
  }
  for (const [key, statuses] of removed) {
    changes.push({ change: 'removed', key, uri: key.split(' › ')[0] ?? key, before: worstStatus(statuses) });
  }
  return changes;
}

function isProblem(group: StatusGroup): boolean {
  return group === 'failed' || group === 'not-implemented';
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** The key of a scenario as a whole: its own key, or for an example row the key without the row. */
export function groupKeyOf({ key, rowId }: ScenarioKey): string {
  return rowId ? key.slice(0, key.lastIndexOf(' › ')) : key;
}

/** Today's scenarios (one group per scenario, with the keys of its example rows), from the run's documents. */
export function scenarioGroups(keysByUri: ReadonlyMap<string, readonly ScenarioKey[]>): ScenarioGroup[] {
  const groups = new Map<string, ScenarioGroup>();
  for (const [uri, keys] of keysByUri) {
    for (const { key, scenarioId, rowId } of keys) {
      const id = `${uri}\0${scenarioId}`;
      const group = groups.get(id) ?? { key: groupKeyOf({ key, scenarioId, rowId }), uri, keys: [] };
      group.keys.push(key);
      groups.set(id, group);
    }
  }
  return [...groups.values()];
}
