// The overview (index.md): the last run's metadata, run-level hooks, and scenario counts per domain with links
// to every feature page; and the step catalogue (steps.md).
import type { Query } from '@cucumber/query';
import { StepDefinitionPatternType, TestStepResultStatus, TimeConversion } from '@cucumber/messages';
import { frontMatter, inlineText, tableCell } from './escape.ts';
import type { RunMeta } from './load-run.ts';
import {
  STATUSES,
  STATUS_GROUPS,
  STATUS_LABELS,
  errorOf,
  groupOf,
  hookKeyword,
  hookText,
  type Status,
  type StatusGroup,
} from './model.ts';
import { NO_LINKS, formatMs, renderStepList, type StepLinks } from './render-steps.ts';
import { runValue } from './run-values.ts';
import { scenarioDataUrl } from './scenario-data.ts';

export interface DomainSummary {
  domain: string;
  label: string;
  pages: { title: string; link: string }[];
  problems: { feature: string; scenario: string; link: string; status: Status }[];
  statuses: Status[];
}

export interface OverviewInput {
  meta: RunMeta;
  query: Query;
  messagesPath: string;
  messagesFound: boolean;
  unreadableLines: number;
  domains: readonly DomainSummary[];
  /** The overview's title and route; the project's own run is "Policy health" at /policies. */
  title: string;
  slug: string;
  /** A note on top of the page (the example run says it is a fixture). */
  banner?: string;
  links?: StepLinks;
  /** The "Since the last run" section (history.ts), when a history is kept. */
  sinceLastRun?: string;
}

const GROUPS = Object.keys(STATUS_GROUPS) as StatusGroup[];
const GROUP_TITLES: Record<StatusGroup, string> = {
  passed: 'Passed',
  failed: 'Failed',
  'not-implemented': 'Not implemented',
  skipped: 'Skipped',
  'not-run': 'Not run',
};

export function countStatuses(statuses: readonly Status[]): Record<Status, number> {
  const counts = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<Status, number>;
  for (const status of statuses) counts[status]++;
  return counts;
}

function countGroups(statuses: readonly Status[]): Record<StatusGroup, number> {
  const counts = Object.fromEntries(GROUPS.map((group) => [group, 0])) as Record<StatusGroup, number>;
  for (const status of statuses) counts[groupOf(status)]++;
  return counts;
}

export function renderOverview(input: OverviewInput): string {
  const { meta } = input;
  const all = input.domains.flatMap((domain) => domain.statuses);
  // scenario_data: the site's DocItem/Content wrapper (docs/src/theme) renders the scenario filter from it.
  const description = `${input.title}: whether each policy held in the run — ${all.length} scenarios in ${input.domains.length} domains, by status, with those that do not pass.`;
  const out = [
    frontMatter({
      title: input.title,
      description,
      slug: input.slug,
      sidebar_position: 1,
      // A dashboard of few sections: the domain table gets the width a table of contents would take.
      hide_table_of_contents: true,
      scenario_data: scenarioDataUrl(input.slug),
    }),
    `# ${inlineText(input.title)}`,
  ];
  if (input.banner) out.push(`:::caution[Example only]\n\n${inlineText(input.banner)}\n\n:::`);
  if (!input.messagesFound) {
    out.push(
      `:::warning[No run found]\n\nThere are no Cucumber messages at ${inlineText(input.messagesPath)}, so every policy is shown as not run. Run \`npm test\` to produce them.\n\n:::`,
    );
  } else if (!meta.finished) {
    out.push(
      ':::danger[The run did not finish]\n\nThe run stopped before reporting its end. Scenarios it had started but not finished are shown as unknown; those it never reached as not run.\n\n:::',
    );
  }
  if (input.unreadableLines > 0)
    out.push(`*${input.unreadableLines} unreadable line(s) in the messages were skipped.*`);
  const duration = input.query.findTestRunDuration();
  const facts: [string, string][] = [
    [
      'Started',
      meta.startedAt
        ? meta.startedAt
            .toISOString()
            .replace('T', ' ')
            .replace(/\.\d+Z$/, ' UTC')
        : 'never',
    ],
    [
      'Outcome',
      !input.messagesFound ? 'no run' : !meta.finished ? 'did not finish' : meta.success ? 'success' : 'failure',
    ],
    ['Commit', meta.commit ? `${meta.commit}${meta.branch ? ` on ${meta.branch}` : ''}` : 'unknown'],
    ['Backend', meta.backend],
    ['Runner', meta.cucumberVersion ?? 'unknown'],
    ['Duration', duration ? formatMs(TimeConversion.durationToMilliseconds(duration)) : 'unknown'],
  ];
  // When the run started and how long it took are values of the run (run-values.ts), kept beside the page.
  const perRun = new Set(['Started', 'Duration']);
  const fact = ([name, value]: [string, string]) =>
    `- **${name}:** <span data-testid="run-${name.toLowerCase()}">${perRun.has(name) ? runValue(value) : inlineText(value)}</span>`;
  out.push(facts.map(fact).join('\n'));
  out.push(renderRunHooks(input.query, input.links ?? NO_LINKS));
  out.push('## Scenarios by domain', domainTable(input.domains, all));
  out.push(renderProblems(input.domains.flatMap((domain) => domain.problems)));
  out.push(input.sinceLastRun ?? '');
  const counts = countStatuses(all);
  const detail = STATUSES.map(
    (status) => `<span data-testid="status-${status}">${counts[status]}</span> ${STATUS_LABELS[status]}`,
  );
  out.push(
    `Every status: ${detail.join(' · ')} — <span data-testid="count-total">${all.length}</span> scenarios in all.`,
  );
  out.push('See also the [step catalogue](./steps.md): every step definition and how many scenarios use it.');
  out.push(
    '## Find a scenario\n\nEvery scenario of the run, filtered by status, domain, tag or incident as you choose.',
  );
  return `${out.filter((part) => part !== '').join('\n\n')}\n`;
}

function domainTable(domains: readonly DomainSummary[], all: readonly Status[]): string {
  const header = `| Domain | ${GROUPS.map((group) => GROUP_TITLES[group]).join(' | ')} | Features |`;
  const rows = domains.map((domain) => {
    const counts = countGroups(domain.statuses);
    const links = domain.pages.map((page) => `[${tableCell(page.title)}](${page.link})`).join('<br />');
    return `| ${tableCell(domain.label)} | ${GROUPS.map((group) => counts[group]).join(' | ')} | ${links || ' '} |`;
  });
  const totals = countGroups(all);
  const totalRow = `| **Total** | ${GROUPS.map((group) => `<span data-testid="count-${group}">${totals[group]}</span>`).join(' | ')} | ${domains.reduce((sum, domain) => sum + domain.pages.length, 0)} features |`;
  // The wrapper (docs/src/css/custom.css) keeps the count columns narrow so the features' titles get the width.
  const table = [header, `|${' --- |'.repeat(GROUPS.length + 2)}`, ...rows, totalRow].join('\n');
  return `<div class="policy-domains">\n\n${table}\n\n</div>`;
}

const MAX_PROBLEMS = 100;

/** Links to the scenarios that did not pass, so a reader goes straight to them. */
function renderProblems(problems: DomainSummary['problems']): string {
  if (problems.length === 0) return '';
  const items = problems
    .slice(0, MAX_PROBLEMS)
    .map(
      (problem) =>
        `- [${inlineText(`${problem.feature} › ${problem.scenario}`)}](${problem.link}) — ${STATUS_LABELS[problem.status]}`,
    );
  if (problems.length > MAX_PROBLEMS) items.push(`- … and ${problems.length - MAX_PROBLEMS} more`);
  return `## Scenarios that do not pass\n\n${items.join('\n')}`;
}

/** BeforeAll / AfterAll hooks that did not pass, with their error and attachments. */
function renderRunHooks(query: Query, links: StepLinks): string {
  const failing = query
    .findAllTestRunHookFinished()
    .filter((finished) => finished.result.status !== TestStepResultStatus.PASSED);
  if (failing.length === 0) return '';
  const items = failing.map((finished) => {
    const hook = query.findHookBy(finished);
    const step = {
      kind: 'hook' as const,
      keyword: hookKeyword(hook),
      text: hookText(hook),
      status: finished.result.status.toLowerCase() as Status,
      durationMs: TimeConversion.durationToMilliseconds(finished.result.duration),
      error: errorOf(finished.result),
      attachments: query.findAttachmentsBy(finished),
    };
    return renderStepList([step], () => false, links);
  });
  return `## Run hooks that failed\n\n${items.join('\n')}`;
}

/** The step catalogue: every step definition, by file and line, with the scenarios (test cases) using it. */
export function renderStepCatalogue(
  query: Query,
  usage: ReadonlyMap<string, number>,
  serviceLinkOf: (stepFile: string) => string | undefined = () => undefined,
  links: StepLinks = NO_LINKS,
  banner?: string,
): string {
  const definitions = [...query.findAllStepDefinitions()].sort(
    (a, b) =>
      (a.sourceReference.uri ?? '').localeCompare(b.sourceReference.uri ?? '') ||
      (a.sourceReference.location?.line ?? 0) - (b.sourceReference.location?.line ?? 0),
  );
  const out = [
    frontMatter({
      title: 'Step catalogue',
      description: 'Every step definition the last run loaded, by file and line, with the scenarios that use it.',
      sidebar_position: 2,
    }),
    '# Step catalogue',
    ...(banner ? [`:::caution[Example only]\n\n${inlineText(banner)}\n\n:::`] : []),
    'Every step definition the last run loaded, by file and line, with the number of scenarios that use it.',
  ];
  if (definitions.length === 0) {
    out.push('*The run loaded no step definitions.*');
    return `${out.join('\n\n')}\n`;
  }
  const unused = definitions.filter((definition) => !usage.get(definition.id)).length;
  out.push(`${definitions.length} step definitions, <span data-testid="unused-count">${unused}</span> unused.`);
  const rows = definitions.map((definition) => {
    const used = usage.get(definition.id) ?? 0;
    const type =
      definition.pattern.type === StepDefinitionPatternType.REGULAR_EXPRESSION ? 'regex' : 'cucumber-expression';
    const { uri, location } = definition.sourceReference;
    const where = `${uri ?? '?'}:${location?.line ?? '?'}`;
    const whereLink = links.source(uri ? { uri, line: location?.line } : undefined);
    const uses = used > 0 ? String(used) : '<span class="policy-unused" data-testid="unused-step">unused</span>';
    const link = serviceLinkOf(definition.sourceReference.uri ?? '');
    const service = link ? `[${tableCell(link)}](<${link}>)` : '';
    const source = whereLink ? `[${tableCell(where)}](${whereLink})` : tableCell(where);
    return `| ${tableCell(definition.pattern.source)} | ${type} | ${source} | ${uses} | ${service} |`;
  });
  out.push(
    ['| Step | Type | Source | Scenarios | Service code |', '| --- | --- | --- | --- | --- |', ...rows].join('\n'),
  );
  return `${out.join('\n\n')}\n`;
}
