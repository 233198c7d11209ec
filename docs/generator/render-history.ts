// What the history and the changelog add to the book: a strip of the last runs under each scenario and Rule with
// its flip rate and a flaky mark, a "changed" mark linking to the changelog, the overview's "Since the last run"
// section, and the changelog page. Policy pages call `forPage(...)`; the overview and generate.ts the rest.
import type { Rule, Scenario } from '@cucumber/messages';
import { frontMatter, inlineText } from './escape.ts';
import { buildChangelog, type Changelog, type ChangelogEntry, type ChangeKind } from './changelog.ts';
import {
  CHANGES,
  buildRunRecord,
  changesSinceLastRun,
  groupKeyOf,
  keysOfRun,
  readHistory,
  recordRun,
  scenarioGroups,
  trendOf,
  type Change,
  type RunRecord,
  type ScenarioChange,
  type ScenarioKey,
  type Trend,
} from './history.ts';
import type { LoadedRun, RunMeta } from './load-run.ts';
import { historyLetter } from '../src/components/history-runs.ts';
import { STATUS_LABELS, type RunModel, type Status } from './model.ts';
import { formatMs } from './render-steps.ts';
import { runValue, runValueIndex } from './run-values.ts';

/** What a policy page shows beside its feature, Rules and scenarios ('' for nothing). */
export interface PageAnnotations {
  /** The page's per-run front matter `history_runs`, which its history strips name their runs from. */
  runLabels(): readonly string[] | undefined;
  page(): string;
  rule(rule: Rule, anchor: string): string;
  scenario(scenario: Scenario, anchor: string): string;
}

const KIND_LABELS: Record<ChangeKind, string> = {
  spec: 'spec changed',
  behaviour: 'behaviour changed',
  both: 'spec and behaviour changed',
};
const CHANGE_TITLES: Record<Change, string> = {
  regressed: 'Regressed',
  fixed: 'Fixed',
  flaky: 'Flaky',
  new: 'New',
  removed: 'Removed',
  slower: 'Slower',
};
const MAX_ITEMS = 50;
export const CHANGELOG_PAGE = 'changelog';

export interface BookHistoryInput {
  /** Oldest first, ending with this run. */
  history: readonly RunRecord[];
  keysByUri: ReadonlyMap<string, readonly ScenarioKey[]>;
  /** Where the history is kept, to name it on the overview. */
  historyPath: string;
  changelog?: Changelog;
  /** False when no history file is kept: the overview then has no "Since the last run" section. */
  showSince: boolean;
}

export class BookHistory {
  private readonly links = new Map<string, string>();
  private readonly titles = new Map<string, string>();

  constructor(private readonly input: BookHistoryInput) {}

  /** Annotations for the page of `uri` at `<slug>.md` (relative to the book's folder). */
  forPage(uri: string, slug: string, title: string): PageAnnotations {
    this.titles.set(uri, title);
    const keys = this.input.keysByUri.get(uri) ?? [];
    const toChangelog = `${'../'.repeat(slug.split('/').length - 1) || './'}${CHANGELOG_PAGE}.md#${changelogAnchor(uri)}`;
    const entries = (this.input.changelog?.entries ?? []).filter((entry) => entry.uri === uri);
    const mark = (matching: ChangelogEntry[]) =>
      matching.length === 0 ? '' : changedMark(matching, this.input.changelog, toChangelog);
    return {
      runLabels: () => historyRunLabels(this.input.history),
      page: () => mark(entries.filter((entry) => entry.scenario === undefined && entry.rule === undefined)),
      rule: (rule, anchor) => {
        this.links.set(rule.id, `./${slug}.md#${anchor}`);
        const trend = trendOf(
          keys.filter((key) => key.ruleId === rule.id).map(({ key }) => key),
          uri,
          this.input.history,
        );
        return [historyStrip(trend, 'Rule'), mark(entries.filter((entry) => entry.ruleId === rule.id))]
          .filter(Boolean)
          .join(' ');
      },
      scenario: (scenario, anchor) => {
        this.links.set(scenario.id, `./${slug}.md#${anchor}`);
        const scenarioKeys = keys.filter((key) => key.scenarioId === scenario.id);
        for (const key of scenarioKeys) this.links.set(groupKeyOf(key), `./${slug}.md#${anchor}`);
        const trend = trendOf(
          scenarioKeys.map(({ key }) => key),
          uri,
          this.input.history,
        );
        return [historyStrip(trend, 'scenario'), mark(entries.filter((entry) => entry.scenarioId === scenario.id))]
          .filter(Boolean)
          .join(' ');
      },
    };
  }

  /** One line for the console: the runs recorded and the changelog's size. */
  summary(): string {
    const { history, historyPath, changelog } = this.input;
    const parts = [this.input.showSince ? `History: ${history.length} run(s) in ${historyPath}` : 'History: not kept'];
    if (changelog) {
      const since = changelog.base ? ` since ${changelog.base.ref} (${changelog.base.commit.slice(0, 7)})` : '';
      parts.push(
        `changelog: ${changelog.entries.length} change(s)${since}${changelog.notes.length > 0 ? ` — ${changelog.notes.join(' ')}` : ''}`,
      );
    }
    return parts.join('; ');
  }

  /** The overview's "Since the last run" section (call after every page was rendered, for the links). */
  sinceLastRun(): string {
    const { history, historyPath, changelog } = this.input;
    if (!this.input.showSince) return changelog ? `See [what changed](./${CHANGELOG_PAGE}.md) in the policies.` : '';
    const out = ['## Since the last run {#since-the-last-run}'];
    const previous = history.at(-2);
    const changelogLink = changelog
      ? ` The [changelog](./${CHANGELOG_PAGE}.md) says what changed in the policies themselves.`
      : '';
    if (!previous) {
      out.push(
        `This is the first run recorded in ${inlineText(historyPath)}: the next run will be compared with it.${changelogLink}`,
      );
      return out.join('\n\n');
    }
    out.push(
      `Compared with the run of ${runValue(runLabel(previous))} — ${runValue(String(history.length))} runs recorded in ${inlineText(historyPath)}.${changelogLink}`,
    );
    const changes = changesSinceLastRun(history, scenarioGroups(this.input.keysByUri));
    const counts = CHANGES.map(
      (change) =>
        `<span data-testid="since-${change}">${changes.filter((item) => item.change === change).length}</span> ${change}`,
    );
    out.push(counts.join(' · '));
    for (const change of CHANGES) {
      const items = changes.filter((item) => item.change === change);
      if (items.length === 0) continue;
      const lines = items.slice(0, MAX_ITEMS).map((item) => `- ${this.scenarioLink(item)} — ${describeChange(item)}`);
      if (items.length > MAX_ITEMS) lines.push(`- … and ${items.length - MAX_ITEMS} more`);
      out.push(`### ${CHANGE_TITLES[change]} {#since-${change}}`, lines.join('\n'));
    }
    out.push(
      `History strips read oldest to newest: ${(['passed', 'failed', 'ambiguous', 'undefined', 'skipped', 'unknown', 'not-run'] as Status[]).map((status) => `${historyLetter(status)} ${status === 'undefined' ? 'not implemented' : STATUS_LABELS[status]}`).join(', ')}.`,
    );
    return out.join('\n\n');
  }

  /** The changelog page, or undefined when no changelog was asked for. */
  changelogPage(): string | undefined {
    const changelog = this.input.changelog;
    if (!changelog) return undefined;
    const out = [
      frontMatter({
        title: 'What changed',
        description:
          'The policies at an earlier commit against this run: what was added, removed or reworded, and whose outcome changed.',
        sidebar_position: 1.5,
      }),
      '# What changed',
    ];
    const now = this.input.history.at(-1);
    if (changelog.base) {
      const outcomes = changelog.baseRun
        ? ` Outcomes before are those of the run of ${runValue(runLabel(changelog.baseRun))}.`
        : '';
      out.push(
        `The policies at ${inlineText(changelog.base.ref)} <code>${changelog.base.commit.slice(0, 7)}</code> compared with those of this run${now ? ` (${runValue(runLabel(now))})` : ''}.${outcomes}`,
      );
    }
    for (const note of changelog.notes) out.push(`:::note\n\n${inlineText(note)}\n\n:::`);
    const kinds = (['spec', 'behaviour', 'both'] as ChangeKind[]).map(
      (kind) =>
        `<span data-testid="changes-${kind}">${changelog.entries.filter((entry) => entry.kind === kind).length}</span> ${KIND_LABELS[kind]}`,
    );
    out.push(kinds.join(' · '));
    if (changelog.entries.length === 0) out.push('*Nothing changed.*');
    const byUri = new Map<string, ChangelogEntry[]>();
    for (const entry of changelog.entries) byUri.set(entry.uri, [...(byUri.get(entry.uri) ?? []), entry]);
    for (const [uri, entries] of byUri) {
      const title = this.titles.get(uri) ?? entries[0]?.feature ?? uri;
      out.push(
        `## ${inlineText(title)} {#${changelogAnchor(uri)}}`,
        `Source: ${inlineText(uri)}`,
        entries.map((entry) => this.changelogItem(entry)).join('\n'),
      );
    }
    return `${out.join('\n\n')}\n`;
  }

  private changelogItem(entry: ChangelogEntry): string {
    const subject =
      entry.scenario !== undefined
        ? `Scenario: ${entry.scenario}`
        : entry.rule !== undefined
          ? `Rule: ${entry.rule}`
          : `Feature: ${entry.feature}`;
    const id = entry.scenarioId ?? (entry.scenario === undefined ? entry.ruleId : undefined);
    const link = id ? this.links.get(id) : undefined;
    const name = link ? `[${inlineText(subject)}](${link})` : `**${inlineText(subject)}**`;
    const where = entry.scenario !== undefined && entry.rule ? ` (Rule: ${inlineText(entry.rule)})` : '';
    const outcome =
      entry.before || entry.now
        ? ` · ${entry.before ? STATUS_LABELS[entry.before] : 'not run'} → ${entry.now ? STATUS_LABELS[entry.now] : 'not run'}`
        : '';
    const line = `- ${name}${where} — <span class="policy-change" data-change="${entry.kind}">${KIND_LABELS[entry.kind]}</span> · ${inlineText(entry.what)}${outcome}`;
    const details = entry.details.slice(0, 40).map((detail) => `  - <code>${inlineText(detail)}</code>`);
    return [line, ...details].join('\n');
  }

  private scenarioLink(item: ScenarioChange): string {
    const text = `${this.titles.get(item.uri) ?? item.uri} › ${item.key.slice(item.uri.length + 3)}`;
    const link = this.links.get(item.key);
    return link ? `[${inlineText(text)}](${link})` : inlineText(text);
  }
}

/**
 * The strip of the last runs (oldest first), the flip rate, and the flaky mark. The strip is compact: one token per
 * run (its status, `/<attempts>` when retried), a value of the run (run-values.ts) that a `<policy-history>` element
 * names and the site renders as a letter per run (docs/src/components/HistoryStrip.js), named by its status and the
 * run of the page's `history_runs`. The strip and the flip rate change with every run until the history is full:
 * they are kept beside the page, not in it.
 */
export function historyStrip(trend: Trend, of: 'scenario' | 'Rule'): string {
  const runs = trend.points
    .map(({ status, attempts }) => `${status ?? 'not-run'}${attempts && attempts > 1 ? `/${attempts}` : ''}`)
    .join(' ');
  const strip = `<policy-history of="${of}" n="${runValueIndex(runs)}"></policy-history>`;
  const rate =
    trend.pairs > 0
      ? ` <span class="policy-flips" data-testid="flip-rate">changed status ${runValue(`${trend.flips} of ${trend.pairs}`)} times</span>`
      : '';
  const flaky = trend.flaky
    ? ` <span class="policy-flaky" data-testid="flaky-mark" title="Its status changed back and forth without a change to its feature, the code or the backend, or it passed only on a retry">flaky</span>`
    : '';
  return `History: ${strip}${rate}${flaky}`;
}

/** The runs of the history strips, oldest first, as the page's front matter `history_runs` holds them. */
export function historyRunLabels(history: readonly RunRecord[]): string[] {
  return history.map(runLabel);
}

function changedMark(entries: readonly ChangelogEntry[], changelog: Changelog | undefined, link: string): string {
  const kinds = new Set(entries.map((entry) => entry.kind));
  const kind: ChangeKind =
    kinds.has('both') || (kinds.has('spec') && kinds.has('behaviour'))
      ? 'both'
      : kinds.has('behaviour')
        ? 'behaviour'
        : 'spec';
  const since = changelog?.base ? ` since ${changelog.base.commit.slice(0, 7)}` : '';
  return `<span class="policy-changed" data-testid="changed-mark" data-change="${kind}">[Changed${since}: ${KIND_LABELS[kind]}](${link})</span>`;
}

function describeChange(item: ScenarioChange): string {
  const was = item.before ? STATUS_LABELS[item.before] : 'not run';
  const is = item.now ? STATUS_LABELS[item.now] : 'not run';
  switch (item.change) {
    case 'new':
      return `not in the last run, now ${is}`;
    case 'removed':
      return `${was} in the last run, no longer in the policies`;
    case 'fixed':
    case 'regressed':
      return `${was} → ${is}${item.unexplained ? ' with no change to its feature, the code or the backend' : ''}`;
    case 'flaky':
      return `its status went back and forth with no change to its feature, the code or the backend, or it passed only on a retry; now ${is}`;
    case 'slower':
      return `${formatMs(item.ms)}, against a median of ${formatMs(item.baselineMs)}`;
  }
}

function runLabel(record: RunRecord): string {
  const time = record.time.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
  const commit = record.commit ? `, commit ${record.commit.slice(0, 7)}` : '';
  return `${time}${commit}${record.branch ? ` on ${record.branch}` : ''} (${record.backend})`;
}

/** The changelog's heading id for a feature file. */
export function changelogAnchor(uri: string): string {
  return `changes-${uri
    .replace(/\.feature(\.md)?$/, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()}`;
}

export interface HistoryOptions {
  /** The history file (JSON lines), e.g. reports/history.jsonl. */
  path: string;
  /** Runs kept (default 20). */
  limit?: number;
  /** Read the history but do not add this run to it. */
  readOnly?: boolean;
  /** Folders (or files) whose content counts as "the code" (default steps, src, mocks). */
  codePaths?: string[];
}

export interface ChangelogOptions {
  /** The git ref to compare with; default: the last recorded run's commit, else HEAD~1. */
  since?: string;
}

/** Records this run (once per run id) and prepares its history and changelog for the pages. */
export function openBookHistory(
  run: LoadedRun,
  model: RunModel,
  meta: RunMeta,
  root: string,
  options: { history?: HistoryOptions; changelog?: ChangelogOptions; featureGlobs: readonly string[] },
): BookHistory | undefined {
  if (!options.history && !options.changelog) return undefined;
  const record = buildRunRecord(run, model, meta, root, options.history?.codePaths);
  const path = options.history?.path;
  // A run with no messages is not a run: it is shown against the history but not added to it.
  const readOnly = options.history?.readOnly || !run.messagesFound;
  const history = !path
    ? [record]
    : readOnly
      ? [...readHistory(path).filter((entry) => entry.run !== record.run), record]
      : recordRun(path, record, options.history?.limit);
  const changelog = options.changelog
    ? buildChangelog({
        root,
        globs: options.featureGlobs,
        since: options.changelog.since,
        history,
        documents: run.documents,
      })
    : undefined;
  return new BookHistory({
    history,
    keysByUri: keysOfRun(run),
    historyPath: path ?? '',
    changelog,
    showSince: path !== undefined,
  });
}
