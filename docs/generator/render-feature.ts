// One page per feature file: front matter, tags, description, backgrounds, rules, scenarios and outlines
// with the status of every scenario and example row.
import type { Background, Examples, GherkinDocument, Pickle, Rule, Scenario, Step, Tag } from '@cucumber/messages';
import {
  escapeHtml,
  firstParagraph,
  frontMatter,
  inlineText,
  markdownDescription,
  metaDescription,
  slugify,
  titleText,
} from './escape.ts';
import { STATUS_LABELS, type PickleView, type RunModel, type Status, type StepView } from './model.ts';
import {
  NO_LINKS,
  formatMs,
  markdownTable,
  renderArgument,
  renderPickleRun,
  statusBadge,
  type StepLinks,
} from './render-steps.ts';
import { vendorCallsOf, type VendorCall } from './render-vendor-calls.ts';
import { featureFileStem, uniqueName } from './names.ts';
import type { PageAnnotations } from './render-history.ts';
import { runValue } from './run-values.ts';

const NOT_PASSING: readonly Status[] = ['failed', 'ambiguous', 'undefined', 'pending', 'unknown'];

export interface FeaturePageInput {
  uri: string;
  document?: GherkinDocument;
  parseErrors: readonly string[];
  pickles: readonly Pickle[];
  model: RunModel;
  /** The domain's service code: its main module first. */
  serviceLinks?: readonly { label: string; link: string }[];
  position: number;
  /** Links from steps to their source and from vendor calls to their contract. */
  links?: StepLinks;
  /** A note shown at the top of the page (the example run says it is a fixture). */
  banner?: string;
  /** History strips and "changed" marks (render-history.ts), when the run keeps a history. */
  annotations?: PageAnnotations;
  /** The page's last section: the code its scenarios ran (render-code-map.ts), when the run recorded coverage. */
  codeSection?: string;
}

/** One scenario or example row, for the site's filters and the contract pages. */
export interface ScenarioRecord {
  name: string;
  status: Status;
  tags: string[];
  /** The heading id of its scenario on the page. */
  anchor: string;
  rule?: { name: string; anchor: string };
  calls: VendorCall[];
}

export interface FeaturePage {
  title: string;
  markdown: string;
  /** One status per scenario or example row, for the overview. */
  statuses: Status[];
  /** Scenarios that did not pass (worst status of their rows), with their heading ids. */
  problems: { name: string; id: string; status: Status }[];
  scenarios: ScenarioRecord[];
}

export function renderFeaturePage(input: FeaturePageInput): FeaturePage {
  const feature = input.document?.feature;
  const title = feature?.name.trim() || featureFileStem(input.uri);
  const picklesByScenario = groupPickles(input.pickles);
  const links = input.links ?? NO_LINKS;
  const statuses: Status[] = [];
  const problems: FeaturePage['problems'] = [];
  const scenarios: ScenarioRecord[] = [];
  const ids = new Set<string>();
  const out: string[] = [
    frontMatter({
      title: titleText(title),
      description: metaDescription(
        firstParagraph(feature?.description ?? '') ||
          `The policy "${title}": its scenarios and how they fared in the last run.`,
      ),
      sidebar_position: input.position,
    }),
    `# ${inlineText(title)}`,
  ];
  if (input.banner) out.push(`:::caution[Example only]\n\n${inlineText(input.banner)}\n\n:::`);
  const source = [`Source: ${inlineText(input.uri)}`];
  if (input.serviceLinks?.length) {
    source.push(
      `Service code: ${input.serviceLinks.map(({ label, link }) => `[${inlineText(label)}](<${encodeURI(link)}>)`).join(', ')}`,
    );
  }
  out.push(source.join(' · '));
  const pageNote = input.annotations?.page();
  if (pageNote) out.push(pageNote);
  if (input.parseErrors.length > 0) {
    out.push(
      `:::danger[This feature could not be parsed]\n\n${input.parseErrors.map((error) => `- ${inlineText(error)}`).join('\n')}\n\n:::`,
    );
  }
  if (!feature) {
    out.push('*This file holds no feature yet.*');
    return { title, markdown: `${out.join('\n\n')}\n`, statuses, problems, scenarios };
  }
  if (feature.tags.length > 0) out.push(renderTags(feature.tags));
  if (feature.description.trim()) out.push(markdownDescription(feature.description));

  const viewCache = new Map<string, PickleView[]>();
  const viewsOf = (scenario: Scenario) => {
    let views = viewCache.get(scenario.id);
    if (!views) {
      views = (picklesByScenario.get(scenario.id) ?? []).map((pickle) => input.model.viewPickle(pickle));
      viewCache.set(scenario.id, views);
    }
    return views;
  };
  const inheritedTags = feature.tags.map((tag) => tag.name);
  const renderScenario = (scenario: Scenario, level: string, rule?: ScenarioRecord['rule']) => {
    const views = viewsOf(scenario);
    statuses.push(...views.map((view) => view.status));
    // No pickles (filtered out, or a run cut short): every scenario or example row counts as not run.
    const expected =
      scenario.examples.length === 0 ? 1 : scenario.examples.reduce((sum, e) => sum + e.tableBody.length, 0);
    for (let missing = views.length; missing < expected; missing++) statuses.push('not-run');
    const id = uniqueName(ids, `scenario-${slugify(scenario.name || 'untitled')}`);
    const status = overallStatus(views);
    if (NOT_PASSING.includes(status)) problems.push({ name: scenario.name, id, status });
    for (const view of views) {
      const tags = [...new Set([...inheritedTags, ...view.pickle.tags.map((tag) => tag.name)])];
      scenarios.push({ name: view.pickle.name, status: view.status, tags, anchor: id, rule, calls: callsOf(view) });
    }
    out.push(
      scenarioSection(
        scenario,
        views,
        status,
        level,
        id,
        input.model,
        links,
        input.annotations?.scenario(scenario, id),
      ),
    );
  };
  for (const child of feature.children) {
    if (child.background) out.push(backgroundSection(child.background, '##', input.model));
    if (child.scenario) renderScenario(child.scenario, '##');
    if (child.rule) {
      const rule = { name: child.rule.name, anchor: uniqueName(ids, `rule-${slugify(child.rule.name || 'untitled')}`) };
      const ruleScenarios = child.rule.children.flatMap((ruleChild) =>
        ruleChild.scenario ? [ruleChild.scenario] : [],
      );
      const calls = ruleScenarios.flatMap((scenario) => viewsOf(scenario).flatMap(callsOf));
      out.push(ruleHeading(child.rule, rule.anchor, calls, links));
      const ruleNote = input.annotations?.rule(child.rule, rule.anchor);
      if (ruleNote) out.push(ruleNote);
      for (const ruleChild of child.rule.children) {
        if (ruleChild.background) out.push(backgroundSection(ruleChild.background, '###', input.model));
        if (ruleChild.scenario) renderScenario(ruleChild.scenario, '###', rule);
      }
    }
  }
  if (statuses.length === 0) out.push('*No scenarios yet.*');
  if (input.codeSection) out.push(input.codeSection.trim());
  return { title, markdown: `${out.join('\n\n')}\n`, statuses, problems, scenarios };
}

/** The vendor calls of a pickle's last attempt. */
function callsOf(view: PickleView): VendorCall[] {
  return (view.attempts.at(-1)?.steps ?? []).flatMap((step) =>
    step.attachments.flatMap((attachment) => vendorCallsOf(attachment) ?? []),
  );
}

function ruleHeading(rule: Rule, id: string, calls: readonly VendorCall[], links: StepLinks): string {
  const parts = [`## ${inlineText(`${rule.keyword.trim()}: ${rule.name}`)} {#${id}}`];
  if (rule.tags.length > 0) parts.push(renderTags(rule.tags));
  if (rule.description.trim()) parts.push(markdownDescription(rule.description));
  // The vendor operations this rule's scenarios call, each linked to its contract (which links back here).
  const operations = new Map<string, { call: VendorCall; statuses: Set<string> }>();
  for (const call of calls) {
    const key = `${call.vendor} ${call.operation}`;
    const entry = operations.get(key) ?? { call, statuses: new Set<string>() };
    entry.statuses.add(String(call.status));
    operations.set(key, entry);
  }
  if (operations.size > 0) {
    const items = [...operations.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, { call, statuses }]) => {
        const link = links.contract(call);
        const label = link ? `[${inlineText(key)}](${link})` : inlineText(key);
        return `${label} (${[...statuses].sort().map(inlineText).join(', ')})`;
      });
    parts.push(`Vendor operations: ${items.join(' · ')}`);
  }
  return parts.join('\n\n');
}

function backgroundSection(background: Background, level: string, model: RunModel): string {
  model.addBackgroundSteps(background.steps);
  const heading = `${level} ${inlineText(`${background.keyword.trim()}: ${background.name}`.replace(/: $/, ''))}`;
  const parts = [heading];
  if (background.description.trim()) parts.push(markdownDescription(background.description));
  parts.push(templateSteps(background.steps));
  return parts.join('\n\n');
}

function scenarioSection(
  scenario: Scenario,
  views: PickleView[],
  status: Status,
  level: string,
  id: string,
  model: RunModel,
  links: StepLinks,
  note = '',
): string {
  const name = `${scenario.keyword.trim()}: ${scenario.name}`;
  const parts = [`${level} ${inlineText(name)} {#${id}}`];
  const durations = views.flatMap((view) => view.attempts.at(-1)?.durationMs ?? []);
  const duration = durations.length > 0 ? ` · ${runValue(formatMs(durations.reduce((sum, ms) => sum + ms, 0)))}` : '';
  parts.push(`${statusBadge(status)}${duration}`);
  if (note) parts.push(note);
  if (scenario.tags.length > 0) parts.push(renderTags(scenario.tags));
  if (scenario.description.trim()) parts.push(markdownDescription(scenario.description));
  const isBackground = (step: StepView) => step.pickleStep !== undefined && model.isBackgroundStep(step.pickleStep);
  if (scenario.examples.length === 0) {
    const view = views[0];
    parts.push(
      collapsible(
        status,
        'Steps',
        view && view.attempts.length > 0 ? renderPickleRun(view, isBackground, links) : templateSteps(scenario.steps),
      ),
    );
    return parts.join('\n\n');
  }
  parts.push(collapsible(status, 'Steps of the outline', templateSteps(scenario.steps)));
  const byRow = new Map(views.map((view) => [view.pickle.astNodeIds[1] ?? '', view]));
  for (const examples of scenario.examples) parts.push(examplesSection(examples, byRow, isBackground, links));
  return parts.join('\n\n');
}

/** A scenario's body, folded unless it did not pass. */
function collapsible(status: Status, summary: string, body: string): string {
  const open = NOT_PASSING.includes(status) ? ' open' : '';
  return `<details class="policy-scenario" data-status="${status}"${open}>\n<summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

function examplesSection(
  examples: Examples,
  byRow: Map<string, PickleView>,
  isBackground: (step: StepView) => boolean,
  links: StepLinks,
): string {
  const parts = [`**${inlineText(`${examples.keyword.trim()}: ${examples.name}`.replace(/: $/, ''))}**`];
  if (examples.tags.length > 0) parts.push(renderTags(examples.tags));
  if (examples.description.trim()) parts.push(markdownDescription(examples.description));
  const header = ['status', ...(examples.tableHeader?.cells.map((cell) => cell.value) ?? [])].map(inlineText);
  const rows = examples.tableBody.map((row) => {
    const status = byRow.get(row.id)?.status ?? 'not-run';
    return [statusBadge(status), ...row.cells.map((cell) => inlineText(cell.value) || ' ')];
  });
  parts.push(markdownTable([header, ...rows], true));
  examples.tableBody.forEach((row, index) => {
    const view = byRow.get(row.id);
    if (!view || view.attempts.length === 0) return;
    const summary = `${escapeHtml(`Example ${index + 1}: ${view.pickle.name}`)} — ${STATUS_LABELS[view.status]}`;
    const open = NOT_PASSING.includes(view.status) ? ' open' : '';
    parts.push(
      `<details class="policy-example" data-status="${view.status}"${open}>\n<summary>${summary}</summary>\n\n${renderPickleRun(view, isBackground, links)}\n\n</details>`,
    );
  });
  return parts.join('\n\n');
}

/** Steps as written (no run): keyword, text, data table or doc string. */
function templateSteps(steps: readonly Step[]): string {
  return steps
    .map((step) => {
      const line = `- **${inlineText(step.keyword.trim())}** ${inlineText(step.text)}`;
      const argument = step.docString
        ? renderArgument({ docString: { content: step.docString.content, mediaType: step.docString.mediaType } })
        : step.dataTable
          ? renderArgument({
              dataTable: {
                rows: step.dataTable.rows.map((row) => ({ cells: row.cells.map((cell) => ({ value: cell.value })) })),
              },
            })
          : '';
      return argument ? `${line}\n\n${argument.replace(/^(?=.)/gm, '  ')}` : line;
    })
    .join('\n');
}

function renderTags(tags: readonly Tag[]): string {
  return `Tags: ${tags.map((tag) => `<code class="policy-tag">${escapeHtml(tag.name)}</code>`).join(' ')}`;
}

/** The worst status among a scenario's pickles (an outline's example rows). */
export function overallStatus(views: readonly PickleView[]): Status {
  const order: Status[] = ['failed', 'ambiguous', 'undefined', 'pending', 'unknown', 'skipped', 'not-run', 'passed'];
  for (const status of order) if (views.some((view) => view.status === status)) return status;
  return 'not-run';
}

function groupPickles(pickles: readonly Pickle[]): Map<string, Pickle[]> {
  const byScenario = new Map<string, Pickle[]>();
  for (const pickle of pickles) {
    const scenarioId = pickle.astNodeIds[0] ?? '';
    const list = byScenario.get(scenarioId);
    if (list) list.push(pickle);
    else byScenario.set(scenarioId, [pickle]);
  }
  return byScenario;
}
