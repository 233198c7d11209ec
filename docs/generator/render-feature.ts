// One page per feature file: front matter, tags, description, backgrounds, rules, scenarios and outlines
// with the status of every scenario and example row.
import type { Background, Examples, GherkinDocument, Pickle, Rule, Scenario, Step, Tag } from '@cucumber/messages';
import { escapeHtml, inlineText, markdownDescription, slugify, titleText, yamlString } from './escape.ts';
import { STATUS_LABELS, type PickleView, type RunModel, type Status, type StepView } from './model.ts';
import { formatMs, markdownTable, renderArgument, renderPickleRun, statusBadge } from './render-steps.ts';
import { featureFileStem, uniqueName } from './names.ts';

const NOT_PASSING: readonly Status[] = ['failed', 'ambiguous', 'undefined', 'pending', 'unknown'];

export interface FeaturePageInput {
  uri: string;
  document?: GherkinDocument;
  parseErrors: readonly string[];
  pickles: readonly Pickle[];
  model: RunModel;
  serviceLink?: string;
  position: number;
}

export interface FeaturePage {
  title: string;
  markdown: string;
  /** One status per scenario or example row, for the overview. */
  statuses: Status[];
  /** Scenarios that did not pass (worst status of their rows), with their heading ids. */
  problems: { name: string; id: string; status: Status }[];
}

export function renderFeaturePage(input: FeaturePageInput): FeaturePage {
  const feature = input.document?.feature;
  const title = feature?.name.trim() || featureFileStem(input.uri);
  const picklesByScenario = groupPickles(input.pickles);
  const statuses: Status[] = [];
  const problems: FeaturePage['problems'] = [];
  const ids = new Set<string>();
  const out: string[] = [
    `---\ntitle: ${yamlString(titleText(title))}\nsidebar_position: ${input.position}\n---`,
    `# ${inlineText(title)}`,
  ];
  const source = [`Source: ${inlineText(input.uri)}`];
  if (input.serviceLink) source.push(`Service code: [${inlineText(input.serviceLink)}](<${encodeURI(input.serviceLink)}>)`);
  out.push(source.join(' · '));
  if (input.parseErrors.length > 0) {
    out.push(`:::danger[This feature could not be parsed]\n\n${input.parseErrors.map((error) => `- ${inlineText(error)}`).join('\n')}\n\n:::`);
  }
  if (!feature) {
    out.push('*This file holds no feature yet.*');
    return { title, markdown: `${out.join('\n\n')}\n`, statuses, problems };
  }
  if (feature.tags.length > 0) out.push(renderTags(feature.tags));
  if (feature.description.trim()) out.push(markdownDescription(feature.description));

  const renderScenario = (scenario: Scenario, level: string) => {
    const views = (picklesByScenario.get(scenario.id) ?? []).map((pickle) => input.model.viewPickle(pickle));
    statuses.push(...views.map((view) => view.status));
    // No pickles (filtered out, or a run cut short): every scenario or example row counts as not run.
    const expected = scenario.examples.length === 0 ? 1 : scenario.examples.reduce((sum, e) => sum + e.tableBody.length, 0);
    for (let missing = views.length; missing < expected; missing++) statuses.push('not-run');
    const id = uniqueName(ids, `scenario-${slugify(scenario.name || 'untitled')}`);
    const status = overallStatus(views);
    if (NOT_PASSING.includes(status)) problems.push({ name: scenario.name, id, status });
    out.push(scenarioSection(scenario, views, status, level, id, input.model));
  };
  for (const child of feature.children) {
    if (child.background) out.push(backgroundSection(child.background, '##', input.model));
    if (child.scenario) renderScenario(child.scenario, '##');
    if (child.rule) {
      out.push(ruleHeading(child.rule, uniqueName(ids, `rule-${slugify(child.rule.name || 'untitled')}`)));
      for (const ruleChild of child.rule.children) {
        if (ruleChild.background) out.push(backgroundSection(ruleChild.background, '###', input.model));
        if (ruleChild.scenario) renderScenario(ruleChild.scenario, '###');
      }
    }
  }
  if (statuses.length === 0) out.push('*No scenarios yet.*');
  return { title, markdown: `${out.join('\n\n')}\n`, statuses, problems };
}

function ruleHeading(rule: Rule, id: string): string {
  const parts = [`## ${inlineText(`${rule.keyword.trim()}: ${rule.name}`)} {#${id}}`];
  if (rule.tags.length > 0) parts.push(renderTags(rule.tags));
  if (rule.description.trim()) parts.push(markdownDescription(rule.description));
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

function scenarioSection(scenario: Scenario, views: PickleView[], status: Status, level: string, id: string, model: RunModel): string {
  const name = `${scenario.keyword.trim()}: ${scenario.name}`;
  const parts = [`${level} ${inlineText(name)} {#${id}}`];
  const durations = views.flatMap((view) => view.attempts.at(-1)?.durationMs ?? []);
  const duration = durations.length > 0 ? ` · ${formatMs(durations.reduce((sum, ms) => sum + ms, 0))}` : '';
  parts.push(`${statusBadge(status)}${duration}`);
  if (scenario.tags.length > 0) parts.push(renderTags(scenario.tags));
  if (scenario.description.trim()) parts.push(markdownDescription(scenario.description));
  const isBackground = (step: StepView) => step.pickleStep !== undefined && model.isBackgroundStep(step.pickleStep);
  if (scenario.examples.length === 0) {
    const view = views[0];
    parts.push(view && view.attempts.length > 0 ? renderPickleRun(view, isBackground) : templateSteps(scenario.steps));
    return parts.join('\n\n');
  }
  parts.push(templateSteps(scenario.steps));
  const byRow = new Map(views.map((view) => [view.pickle.astNodeIds[1] ?? '', view]));
  for (const examples of scenario.examples) parts.push(examplesSection(examples, byRow, isBackground));
  return parts.join('\n\n');
}

function examplesSection(
  examples: Examples,
  byRow: Map<string, PickleView>,
  isBackground: (step: StepView) => boolean,
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
    parts.push(`<details class="policy-example" data-status="${view.status}">\n<summary>${summary}</summary>\n\n${renderPickleRun(view, isBackground)}\n\n</details>`);
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
          ? renderArgument({ dataTable: { rows: step.dataTable.rows.map((row) => ({ cells: row.cells.map((cell) => ({ value: cell.value })) })) } })
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

