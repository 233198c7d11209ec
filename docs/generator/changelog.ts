// The policy changelog: the features at a git ref (read with one `git cat-file --batch`, parsed with
// @cucumber/gherkin) against the features of this run — Rules and scenarios added, removed, renamed or reworded,
// example rows and numbers changed — each joined with the outcome change between the run recorded at that ref
// and this run, so an entry reads "spec changed", "behaviour changed" or both.
import {
  IdGenerator,
  type Examples,
  type Feature,
  type GherkinDocument,
  type Rule,
  type Scenario,
  type Step,
} from '@cucumber/messages';
import { filesAt, gitOutput as git } from './git.ts';
import { gherkinMessages, matchesGlobs } from './load-features.ts';
import { scenarioKeys, worstStatus, type RunRecord } from './history.ts';
import { groupOf, type Status } from './model.ts';

export type ChangeKind = 'spec' | 'behaviour' | 'both';

export interface ChangelogEntry {
  uri: string;
  feature: string;
  rule?: string;
  /** Undefined for a change to the feature or the Rule itself. */
  scenario?: string;
  /** The scenario's name before, when it was renamed. */
  previousName?: string;
  /** What happened to the text: added, removed, renamed, reworded, examples changed, … */
  what: string;
  details: string[];
  kind: ChangeKind;
  before?: Status;
  now?: Status;
  /** AST ids of this run's scenario or Rule the entry is about, for the marks on the policy pages. */
  scenarioId?: string;
  ruleId?: string;
}

export interface Changelog {
  /** The ref compared with, as asked and as resolved; undefined when there was nothing to compare with. */
  base?: { ref: string; commit: string };
  /** The run recorded at the base commit, whose outcomes are the "before" of each entry. */
  baseRun?: RunRecord;
  notes: string[];
  entries: ChangelogEntry[];
}

export interface ChangelogInput {
  root: string;
  globs: readonly string[];
  /** A git ref; undefined: the previous recorded run's commit, else HEAD~1. */
  since?: string;
  /** Oldest first, ending with this run. */
  history: readonly RunRecord[];
  /** This run's documents by uri. */
  documents: ReadonlyMap<string, GherkinDocument>;
}

export function buildChangelog(input: ChangelogInput): Changelog {
  const notes: string[] = [];
  const current = input.history.at(-1);
  const earlier = input.history.slice(0, -1);
  const base = chooseBase(input, notes);
  if (!base)
    return { notes, entries: current ? behaviourEntries(input.documents, earlier.at(-1), current, new Set()) : [] };
  const baseRun = [...earlier].reverse().find((record) => record.commit === base.commit);
  if (!baseRun) notes.push(`No run was recorded at ${short(base.commit)}, so outcomes before the change are unknown.`);
  const before = readFeaturesAt(input.root, base.commit, input.globs);
  // Against the last run, a feature file it ran exactly as now did not change, even if both differ from the commit.
  const sameAsLastRun = (uri: string) =>
    base.commit === input.history.at(-2)?.commit &&
    baseRun?.hashes.features[uri] !== undefined &&
    baseRun.hashes.features[uri] === current?.hashes.features[uri];
  const entries = diffFeatures(before, input.documents).filter((entry) => !sameAsLastRun(entry.uri));
  const outcome = (record: RunRecord | undefined, keys: readonly string[]) =>
    worstStatus(keys.map((key) => record?.scenarios[key]?.[0]));
  for (const entry of entries) {
    if (entry.scenario === undefined) continue;
    const beforeKeys = keysOf(before.get(entry.uri), entry, 'before');
    const nowKeys = keysOf(input.documents.get(entry.uri), entry, 'now');
    entry.before = outcome(baseRun, beforeKeys);
    entry.now = outcome(current, nowKeys);
    if (entry.before && entry.now && groupOf(entry.before) !== groupOf(entry.now)) entry.kind = 'both';
  }
  const described = new Set(entries.flatMap((entry) => entry.scenarioId ?? []));
  if (current) entries.push(...behaviourEntries(input.documents, baseRun, current, described));
  entries.sort((a, b) => a.uri.localeCompare(b.uri));
  return { base, baseRun, notes, entries };
}

/** The ref to compare with: as asked, else the last run's commit, else HEAD~1; a note when it is not in this clone. */
function chooseBase(input: ChangelogInput, notes: string[]): Changelog['base'] {
  const resolve = (ref: string) => git(input.root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (input.since) {
    const commit = resolve(input.since);
    if (commit) return { ref: input.since, commit };
    notes.push(
      `${input.since} is not in this clone (a shallow clone? fetch more history, e.g. \`fetch-depth: 0\`), so the features were not compared.`,
    );
    return undefined;
  }
  const previous = input.history.at(-2)?.commit;
  if (previous) {
    const commit = resolve(previous);
    if (commit) return { ref: "the last run's commit", commit };
    notes.push(
      `The last run's commit ${short(previous)} is not in this clone (a shallow clone?); comparing with HEAD~1 instead.`,
    );
  }
  const parent = resolve('HEAD~1');
  if (parent) return { ref: 'HEAD~1', commit: parent };
  notes.push(
    'There is no earlier commit in this clone (a shallow clone? fetch more history, e.g. `fetch-depth: 0`), so the features were not compared.',
  );
  return undefined;
}

/** The feature files matching globs at a commit, parsed; files that do not parse are left out. */
function readFeaturesAt(root: string, commit: string, globs: readonly string[]): Map<string, GherkinDocument> {
  const documents = new Map<string, GherkinDocument>();
  const uris = (git(root, ['ls-tree', '-r', '--name-only', commit]) ?? '')
    .split('\n')
    .filter((uri) => uri && matchesGlobs(uri, globs));
  for (const [uri, data] of filesAt(root, commit, uris)) {
    const document = parseFeature(uri, data);
    if (document) documents.set(uri, document);
  }
  return documents;
}

export function parseFeature(uri: string, data: string): GherkinDocument | undefined {
  return gherkinMessages(uri, data, { pickles: false, newId: IdGenerator.incrementing() }).find(
    (envelope) => envelope.gherkinDocument,
  )?.gherkinDocument;
}

interface Placed {
  scenario: Scenario;
  rule?: Rule;
}

/** Spec changes between two sets of documents, by feature file. */
export function diffFeatures(
  before: ReadonlyMap<string, GherkinDocument>,
  after: ReadonlyMap<string, GherkinDocument>,
): ChangelogEntry[] {
  const entries: ChangelogEntry[] = [];
  for (const uri of new Set([...before.keys(), ...after.keys()])) {
    const [old, now] = [before.get(uri)?.feature, after.get(uri)?.feature];
    if (!old && !now) continue;
    const feature = (now ?? old)?.name ?? uri;
    const entry = (fields: Pick<ChangelogEntry, 'what'> & Partial<ChangelogEntry>): void => {
      entries.push({ uri, feature, details: [], kind: 'spec', ...fields });
    };
    if (!old || !now) {
      const scenarios = placedScenarios((now ?? old) as Feature);
      entry({
        what: now ? 'policy added' : 'policy removed',
        details: [`${scenarios.length} scenario(s): ${scenarios.map((placed) => placed.scenario.name).join('; ')}`],
      });
      continue;
    }
    const featureText = lineDiff(featureLines(old), featureLines(now));
    if (featureText.length > 0) entry({ what: 'feature reworded', details: featureText });
    const renamedRules = diffRules(old, now, entry);
    diffScenarios(placedScenarios(old), placedScenarios(now), entry, renamedRules);
  }
  return entries;
}

type AddEntry = (fields: Pick<ChangelogEntry, 'what'> & Partial<ChangelogEntry>) => void;

/** Adds the Rules' entries; returns the renamed Rules, new name → old name. */
function diffRules(old: Feature, now: Feature, entry: AddEntry): Map<string, string> {
  const renamed = new Map<string, string>();
  const rules = (feature: Feature) => feature.children.flatMap((child) => child.rule ?? []);
  const oldRules = rules(old);
  const newRules = rules(now);
  const scenarioNames = (rule: Rule) => rule.children.flatMap((child) => child.scenario?.name ?? []).join('\n');
  const unmatchedOld = oldRules.filter((rule) => !newRules.some((candidate) => candidate.name === rule.name));
  for (const rule of newRules) {
    const previous = oldRules.find((candidate) => candidate.name === rule.name);
    if (previous) {
      const details = lineDiff(ruleLines(previous), ruleLines(rule));
      if (details.length > 0) entry({ rule: rule.name, what: 'rule reworded', details, ruleId: rule.id });
      continue;
    }
    const renamedFrom = unmatchedOld.find(
      (candidate) => scenarioNames(candidate) !== '' && scenarioNames(candidate) === scenarioNames(rule),
    );
    if (renamedFrom) {
      unmatchedOld.splice(unmatchedOld.indexOf(renamedFrom), 1);
      renamed.set(rule.name, renamedFrom.name);
      entry({
        rule: rule.name,
        what: 'rule renamed',
        details: [`was: ${renamedFrom.name}`, ...lineDiff(ruleLines(renamedFrom).slice(1), ruleLines(rule).slice(1))],
        ruleId: rule.id,
      });
    } else {
      entry({ rule: rule.name, what: 'rule added', details: [], ruleId: rule.id });
    }
  }
  for (const rule of unmatchedOld) entry({ rule: rule.name, what: 'rule removed', details: [] });
  return renamed;
}

function diffScenarios(old: Placed[], now: Placed[], entry: AddEntry, renamedRules: ReadonlyMap<string, string>): void {
  const unmatched = [...old];
  const pairs: [Placed | undefined, Placed][] = [];
  for (const placed of now) {
    const index = unmatched.findIndex((candidate) => candidate.scenario.name === placed.scenario.name);
    pairs.push([index >= 0 ? unmatched.splice(index, 1)[0] : undefined, placed]);
  }
  // A scenario whose name changed but whose steps did not was renamed.
  for (const pair of pairs) {
    if (pair[0]) continue;
    const index = unmatched.findIndex(
      (candidate) => stepLines(candidate.scenario.steps).join('\n') === stepLines(pair[1].scenario.steps).join('\n'),
    );
    if (index >= 0) pair[0] = unmatched.splice(index, 1)[0];
  }
  for (const [previous, placed] of pairs) {
    const { scenario, rule } = placed;
    const at = { scenario: scenario.name, rule: rule?.name, scenarioId: scenario.id, ruleId: rule?.id };
    if (!previous) {
      entry({ ...at, what: 'scenario added', details: stepLines(scenario.steps) });
      continue;
    }
    const what: string[] = [];
    const details: string[] = [];
    if (previous.scenario.name !== scenario.name) {
      what.push('renamed');
      details.push(`was: ${previous.scenario.name}`);
    }
    const ruleThen = rule ? (renamedRules.get(rule.name) ?? rule.name) : '';
    if ((previous.rule?.name ?? '') !== ruleThen) {
      what.push('moved');
      details.push(`was under: ${previous.rule?.name ?? 'the feature'}`);
    }
    const text = lineDiff(scenarioLines(previous.scenario), scenarioLines(scenario));
    if (text.length > 0) {
      what.push('reworded');
      details.push(...text);
    }
    const examples = examplesDiff(previous.scenario.examples, scenario.examples);
    if (examples.length > 0) {
      what.push(examples.some((line) => line.includes('numbers changed')) ? 'numbers changed' : 'examples changed');
      details.push(...examples);
    }
    const previousName = previous.scenario.name !== scenario.name ? previous.scenario.name : undefined;
    if (what.length > 0) entry({ ...at, what: what.join(', '), details, previousName });
  }
  for (const { scenario, rule } of unmatched)
    entry({ scenario: scenario.name, rule: rule?.name, what: 'scenario removed', details: [] });
}

function placedScenarios(feature: Feature): Placed[] {
  return feature.children.flatMap((child) => [
    ...(child.scenario ? [{ scenario: child.scenario }] : []),
    ...(child.rule?.children.flatMap((ruleChild) =>
      ruleChild.scenario ? [{ scenario: ruleChild.scenario, rule: child.rule }] : [],
    ) ?? []),
  ]);
}

function featureLines(feature: Feature): string[] {
  const background = feature.children.find((child) => child.background)?.background;
  return [
    `Feature: ${feature.name}`,
    ...textLines(feature.description),
    ...tagLine(feature.tags),
    ...(background ? ['Background:', ...stepLines(background.steps)] : []),
  ];
}

function ruleLines(rule: Rule): string[] {
  const background = rule.children.find((child) => child.background)?.background;
  return [
    `Rule: ${rule.name}`,
    ...textLines(rule.description),
    ...tagLine(rule.tags),
    ...(background ? ['Background:', ...stepLines(background.steps)] : []),
  ];
}

function scenarioLines(scenario: Scenario): string[] {
  return [...textLines(scenario.description), ...tagLine(scenario.tags), ...stepLines(scenario.steps)];
}

function textLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

function tagLine(tags: readonly { name: string }[]): string[] {
  return tags.length > 0 ? [`tags: ${tags.map((tag) => tag.name).join(' ')}`] : [];
}

/** A step as one or more lines: keyword and text, then its data table rows or doc string lines. */
function stepLines(steps: readonly Step[]): string[] {
  return steps.flatMap((step) => [
    `${step.keyword.trim()} ${step.text}`,
    ...(step.dataTable?.rows.map((row) => `  | ${row.cells.map((cell) => cell.value).join(' | ')} |`) ?? []),
    ...(step.docString ? step.docString.content.split('\n').map((line) => `  ${line}`) : []),
  ]);
}

/** Example tables compared block by block and row by row; a row whose only changes are numbers says so. */
function examplesDiff(old: readonly Examples[], now: readonly Examples[]): string[] {
  const details: string[] = [];
  const row = (cells: readonly { value: string }[] | undefined) =>
    `| ${(cells ?? []).map((cell) => cell.value).join(' | ')} |`;
  for (let index = 0; index < Math.max(old.length, now.length); index++) {
    const [a, b] = [old[index], now[index]];
    const name = (b ?? a)?.name || `Examples ${index + 1}`;
    if (!a || !b) {
      details.push(`${name}: ${b ? 'added' : 'removed'}, ${(b ?? a)?.tableBody.length ?? 0} row(s)`);
      continue;
    }
    if (row(a.tableHeader?.cells) !== row(b.tableHeader?.cells))
      details.push(`${name}: columns ${row(a.tableHeader?.cells)} → ${row(b.tableHeader?.cells)}`);
    for (let r = 0; r < Math.max(a.tableBody.length, b.tableBody.length); r++) {
      const [x, y] = [a.tableBody[r], b.tableBody[r]];
      if (x && y && row(x.cells) === row(y.cells)) continue;
      if (!x || !y) details.push(`${name}, row ${r + 1} ${y ? 'added' : 'removed'}: ${row((y ?? x)?.cells)}`);
      else
        details.push(
          `${name}, row ${r + 1}: ${row(x.cells)} → ${row(y.cells)}${onlyNumbersDiffer(row(x.cells), row(y.cells)) ? ' (numbers changed)' : ''}`,
        );
    }
  }
  return details;
}

function onlyNumbersDiffer(a: string, b: string): boolean {
  const number = /-?\d+(?:[.,]\d+)*/g;
  return a !== b && a.replace(number, '#') === b.replace(number, '#');
}

/** A line diff (longest common subsequence): removed lines as `− …`, added lines as `+ …`. */
export function lineDiff(a: readonly string[], b: readonly string[]): string[] {
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let [i, j] = [0, 0];
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) [i, j] = [i + 1, j + 1];
    else if (i < a.length && (j === b.length || lengths[i + 1]![j]! >= lengths[i]![j + 1]!)) out.push(`− ${a[i++]}`);
    else out.push(`+ ${b[j++]}`);
  }
  return out;
}

/** The history keys of the scenario an entry is about, under its name then or now. */
function keysOf(document: GherkinDocument | undefined, entry: ChangelogEntry, side: 'before' | 'now'): string[] {
  const name = side === 'now' ? entry.scenario : (entry.previousName ?? entry.scenario);
  const base = `${entry.uri} › ${name?.trim()}`;
  return scenarioKeys(entry.uri, document).flatMap(({ key }) =>
    key === base || key.startsWith(`${base} › `) ? [key] : [],
  );
}

/** Scenarios whose text did not change but whose outcome did, between the base run and this run. */
function behaviourEntries(
  documents: ReadonlyMap<string, GherkinDocument>,
  baseRun: RunRecord | undefined,
  current: RunRecord,
  described: ReadonlySet<string>,
): ChangelogEntry[] {
  if (!baseRun) return [];
  const entries: ChangelogEntry[] = [];
  for (const [uri, document] of documents) {
    const byScenario = new Map<string, string[]>();
    for (const { key, scenarioId } of scenarioKeys(uri, document))
      byScenario.set(scenarioId, [...(byScenario.get(scenarioId) ?? []), key]);
    for (const child of placedScenarios(document.feature ?? ({ children: [] } as unknown as Feature))) {
      const { scenario, rule } = child;
      if (described.has(scenario.id)) continue;
      const keys = byScenario.get(scenario.id) ?? [];
      const before = worstStatus(keys.map((key) => baseRun.scenarios[key]?.[0]));
      const now = worstStatus(keys.map((key) => current.scenarios[key]?.[0]));
      if (!before || !now || groupOf(before) === groupOf(now)) continue;
      entries.push({
        uri,
        feature: document.feature?.name ?? uri,
        rule: rule?.name,
        scenario: scenario.name,
        what: 'outcome changed',
        details: [],
        kind: 'behaviour',
        before,
        now,
        scenarioId: scenario.id,
        ruleId: rule?.id,
      });
    }
  }
  return entries;
}

function short(commit: string): string {
  return commit.slice(0, 7);
}
