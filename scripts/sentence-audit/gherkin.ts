// The feature as the audit sees it: every step with the scenarios (pickles) it takes part in, and the line
// ranges that a declaration comment can cover.
import { AstBuilder, compile, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import {
  IdGenerator,
  StepKeywordType,
  type Background,
  type DocString,
  type GherkinDocument,
  type PickleStep,
  type Scenario,
  type Step,
  type TableRow,
} from '@cucumber/messages';

export interface AuditedStep {
  step: Step;
  /** The scenario the step belongs to, or undefined for a background step. */
  scenario: Scenario | undefined;
  /** Lines that select the pickles this step runs in: a scenario's line, or an example row's line. */
  targets: number[];
  /** Example rows with their header, when the step belongs to a scenario outline. */
  examples: { header: TableRow; row: TableRow }[];
  /** Given, When or Then: an And or But takes the kind of the step before it. */
  kind: StepKind;
  /** Its last line: its own, or its data table's last row, or its doc string's closing delimiter. */
  end: number;
}

export type StepKind = 'context' | 'action' | 'outcome';

export interface ScenarioRef {
  name: string;
  line: number;
}

/** A line range a declaration can name: a feature, rule, background, scenario, examples, step or row. */
export interface Block {
  start: number;
  end: number;
}

export interface ParsedFeature {
  uri: string;
  source: string;
  document: GherkinDocument;
  name: string;
  steps: AuditedStep[];
  /** The scenario (with the name a pickle gets) each target line selects. */
  scenarioOf: Map<number, ScenarioRef>;
  blocks: Block[];
  /** The scenarios as Cucumber runs them (an outline once per example row, `<qty>` filled in), and each step's kind. */
  pickles: { target: number; steps: string[]; kinds: StepKind[] }[];
  /** Each scenario's lines (from its tags to its last step, table row or example) and the lines selecting it. */
  scenarioLines: { start: number; end: number; targets: number[] }[];
}

export function parseFeature(uri: string, source: string): ParsedFeature {
  const parser = new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher());
  const document = parser.parse(source);
  const feature = document.feature;
  const lines = source.split('\n');
  const lineCount = lines.length;
  const parsed: ParsedFeature = {
    uri,
    source,
    document,
    name: feature?.name ?? uri,
    steps: [],
    scenarioOf: new Map(),
    blocks: [],
    pickles: [],
    scenarioLines: [],
  };
  if (!feature) return parsed;

  const block = (start: number, end: number) => {
    parsed.blocks.push({ start, end });
    return end;
  };
  const stepEnd = (step: Step) => {
    if (step.dataTable) {
      for (const row of step.dataTable.rows) block(row.location.line, row.location.line);
      return block(step.location.line, step.dataTable.rows.at(-1)!.location.line);
    }
    if (step.docString) return block(step.location.line, closingLine(lines, step.docString));
    return block(step.location.line, step.location.line);
  };

  const scenarioTargets = (scenario: Scenario): number[] => {
    const rows = scenario.examples.flatMap((examples) => examples.tableBody);
    if (rows.length === 0) {
      parsed.scenarioOf.set(scenario.location.line, { name: scenario.name, line: scenario.location.line });
      return [scenario.location.line];
    }
    for (const examples of scenario.examples) {
      for (const row of examples.tableBody) {
        const header = examples.tableHeader!;
        const name = header.cells.reduce(
          (text, cell, i) => text.replaceAll(`<${cell.value}>`, row.cells[i]!.value),
          scenario.name,
        );
        parsed.scenarioOf.set(row.location.line, { name, line: row.location.line });
      }
    }
    return rows.map((row) => row.location.line);
  };

  const addScenario = (scenario: Scenario): number => {
    const targets = scenarioTargets(scenario);
    const examples = scenario.examples.flatMap((e) => e.tableBody.map((row) => ({ header: e.tableHeader!, row })));
    let end = scenario.location.line;
    const kinds = stepKinds(scenario.steps);
    scenario.steps.forEach((step, i) => {
      const last = stepEnd(step);
      parsed.steps.push({ step, scenario, targets, examples, kind: kinds[i]!, end: last });
      end = Math.max(end, last);
    });
    for (const examples of scenario.examples) {
      const rows = examples.tableBody;
      for (const row of rows) block(row.location.line, row.location.line);
      end = Math.max(end, block(examples.location.line, rows.at(-1)?.location.line ?? examples.location.line));
    }
    const start = Math.min(scenario.location.line, ...scenario.tags.map((tag) => tag.location.line));
    parsed.scenarioLines.push({ start, end, targets });
    return block(scenario.location.line, end);
  };

  const addBackground = (background: Background, targets: number[]): number => {
    let end = background.location.line;
    const kinds = stepKinds(background.steps);
    background.steps.forEach((step, i) => {
      const last = stepEnd(step);
      parsed.steps.push({ step, scenario: undefined, targets, examples: [], kind: kinds[i]!, end: last });
      end = Math.max(end, last);
    });
    return block(background.location.line, end);
  };

  const scopeTargets = (
    children: readonly { scenario?: Scenario; rule?: { children: readonly { scenario?: Scenario }[] } }[],
  ): number[] =>
    children.flatMap((child) => [
      ...(child.scenario ? scenarioTargets(child.scenario) : []),
      ...(child.rule ? child.rule.children.flatMap((c) => (c.scenario ? scenarioTargets(c.scenario) : [])) : []),
    ]);

  const featureTargets = scopeTargets(feature.children);
  for (const child of feature.children) {
    if (child.background) addBackground(child.background, featureTargets);
    if (child.scenario) addScenario(child.scenario);
    if (child.rule) {
      const rule = child.rule;
      const ruleTargets = scopeTargets(rule.children.map((c) => ({ scenario: c.scenario })));
      let end = rule.location.line;
      for (const ruleChild of rule.children) {
        if (ruleChild.background) end = Math.max(end, addBackground(ruleChild.background, ruleTargets));
        if (ruleChild.scenario) end = Math.max(end, addScenario(ruleChild.scenario));
      }
      block(rule.location.line, end);
    }
  }
  block(feature.location.line, lineCount);
  const kindOf = new Map(parsed.steps.map((audited) => [audited.step.id, audited.kind]));
  parsed.pickles = compilePickles(document, uri).map(({ target, steps }) => ({
    target,
    steps: steps.map((step) => step.text),
    kinds: steps.map((step) => kindOf.get(step.astNodeIds[0]!) ?? 'context'),
  }));
  return parsed;
}

/**
 * The line of a doc string's closing delimiter, found in the source: its content's line count cannot tell an empty
 * doc string from one holding a blank line. A delimiter inside the content is escaped, so never a line of its own.
 */
function closingLine(lines: readonly string[], docString: DocString): number {
  const at = lines.findIndex((line, index) => index >= docString.location.line && line.trim() === docString.delimiter);
  return at + 1;
}

/**
 * The feature's source with every scenario none of `targets` selects blanked, its lines left empty so every line
 * keeps its number: Cucumber then reads and compiles only the scenarios to run, whose pickles do not change.
 */
export function onlyScenarios(feature: ParsedFeature, source: string, targets: readonly number[]): string {
  const lines = source.split('\n');
  for (const { start, end, targets: selecting } of feature.scenarioLines)
    if (!selecting.some((line) => targets.includes(line))) lines.fill('', start - 1, end);
  return lines.join('\n');
}

/**
 * The scenario `target` selects, alone (as onlyScenarios), with variants of its steps: each variant (the source with
 * one step changed) goes before the step it changes, each after the first preceded by that step as written, so a
 * variant runs on the state the scenario has reached there and every one is followed by the step it changes, whose
 * passing shows the variant left the scenario fit to go on. Answers the source and each variant's line in it.
 */
export function withVariants(
  feature: ParsedFeature,
  target: number,
  variants: readonly { step: number; source: string }[],
): { source: string; lines: number[] } {
  const base = onlyScenarios(feature, feature.source, [target]).split('\n');
  const endOf = new Map(feature.steps.map((audited) => [audited.step.location.line, audited.end]));
  const out: string[] = [];
  const lines: number[] = [];
  base.forEach((text, index) => {
    const line = index + 1;
    const end = endOf.get(line) ?? line;
    let placed = 0;
    for (const [i, variant] of variants.entries()) {
      if (variant.step !== line) continue;
      if (placed++ > 0) out.push(...base.slice(index, end));
      lines[i] = out.length + 1;
      out.push(...variant.source.split('\n').slice(index, end));
    }
    out.push(text);
  });
  return { source: out.join('\n'), lines };
}

/** Each step's kind: a Given is context, a When an action, a Then an outcome; And and But continue the last. */
function stepKinds(steps: readonly Step[]): StepKind[] {
  let kind: StepKind = 'context';
  return steps.map((step) => {
    if (step.keywordType === StepKeywordType.ACTION) kind = 'action';
    else if (step.keywordType === StepKeywordType.OUTCOME) kind = 'outcome';
    else if (step.keywordType === StepKeywordType.CONTEXT) kind = 'context';
    return kind;
  });
}

function compilePickles(document: GherkinDocument, uri: string): { target: number; steps: readonly PickleStep[] }[] {
  const lineOf = new Map<string, number>();
  const scenarios = (document.feature?.children ?? []).flatMap((child) => [
    child.scenario,
    ...(child.rule?.children.map((c) => c.scenario) ?? []),
  ]);
  for (const scenario of scenarios) {
    if (!scenario) continue;
    lineOf.set(scenario.id, scenario.location.line);
    for (const row of scenario.examples.flatMap((e) => e.tableBody)) lineOf.set(row.id, row.location.line);
  }
  return compile(document, uri, IdGenerator.incrementing()).map((pickle) => ({
    target: lineOf.get(pickle.astNodeIds.at(-1)!)!,
    steps: pickle.steps,
  }));
}
