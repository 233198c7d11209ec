// Derives the sentence mutants of features: every argument of every step (found by matching the step text
// against the step definitions' expressions), every data-table and example cell, every number of a doc string,
// each with the family of one-word changes from operators.ts.
import type { Step } from '@cucumber/messages';
import type { Selection } from './changed.ts';
import { boundInWords, thresholdChanges, type Bound } from './thresholds.ts';
import { declarationFor, readDeclarations, type Declaration, type DeclarationProblem } from './declarations.ts';
import type { AuditedStep, ParsedFeature, ScenarioRef } from './gherkin.ts';
import {
  amountChanges,
  cellChanges,
  choiceChange,
  durationChanges,
  integerChanges,
  literalAlternatives,
  numbersInTextChanges,
  ordinalChanges,
  swapChange,
  type Change,
} from './operators.ts';

/** What the audit needs of a step definition (Cucumber's StepDefinition has it). */
export interface Definition {
  pattern: string | RegExp;
  uri: string;
  line: number;
  expression: { regexp: RegExp; match(text: string): readonly MatchedArgument[] | null };
}

interface MatchedArgument {
  group: { start?: number; end?: number; value?: string };
  parameterType: { name?: string; regexpStrings: readonly string[] };
}

export type Where = 'step' | 'table' | 'doc string' | 'example';

export interface Mutant {
  id: string;
  feature: string;
  /** The sentence as written (keyword and text) and its line. */
  sentence: { text: string; line: number };
  where: Where;
  /** The argument: its parameter type, or the table column / example column it sits in. */
  argument: string;
  line: number;
  /** 1-based column of the argument's text in the line. */
  column: number;
  original: string;
  replacement: string;
  /** Further replacements tried in turn while the sentence still passes (the other choices of a closed set). */
  fallbacks: string[];
  operator: string;
  /** Pickle-selecting lines: the first is run first; the rest only if the first did not kill the mutant. */
  targets: number[];
  declaration: Declaration | undefined;
  /** A number held as a threshold (by the sentence's words, or a declaration's line): only this change is made. */
  threshold: { bound: Bound; declaredAt: number | undefined } | undefined;
  /**
   * A change to a check: a Then of a scenario (not an outline) whose definition the book never uses as a Given or a
   * When. It can be tried beside the scenario's other checks, in one run of the scenario (audit.ts).
   */
  check: boolean;
}

export interface FeatureMutants {
  feature: ParsedFeature;
  mutants: Mutant[];
  /**
   * The changes a threshold declaration spares (its number the other way): each must pass, or the number is held
   * exactly and the declaration is not needed.
   */
  probes: Mutant[];
  declarations: Declaration[];
  problems: DeclarationProblem[];
  /** Only some scenarios are audited (`--changed` touched them through a step definition). */
  partial: boolean;
  /** Steps that match no definition or several: not mutated (the book's own run reports them). */
  unmatched: { line: number; text: string }[];
}

/** One argument occurrence in the source, before its changes are derived. */
interface Site {
  step: AuditedStep;
  where: Where;
  argument: string;
  line: number;
  column: number;
  text: string;
  slot: string;
  changes: (pools: Pools) => Change[];
  targets: number[];
  /** For an example cell: the row it sits in, to check the changed row still reads as steps. */
  exampleRow?: { header: string[]; cells: string[]; index: number; cellColumn: number };
}

interface Pools {
  /** Other values of the same kind: the same feature's, the same domain's, the book's. */
  of(slot: string, feature: string): string[][];
  actorsLike(name: string, feature: string): string[][] | undefined;
  statuses(slot: string): string[] | undefined;
}

/** Steps that introduce a person with a role; a name is swapped only with another person of the same role. */
const ROLE_STEPS: Record<string, string> = {
  '{word} is a customer': 'customer',
  '{word} manages the mart {string}': 'manager',
  '{word} runs the platform': 'operator',
};

const ERROR_CODE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const HTTP_STATUS = /^[1-5]\d\d$/;

/** `features` is the whole book (its values feed the swaps); `selection` says what of it is audited. */
export function deriveMutants(
  features: ParsedFeature[],
  definitions: Definition[],
  selection: Selection,
): FeatureMutants[] {
  const sitesByFeature = new Map<string, { sites: Site[]; unmatched: { line: number; text: string }[] }>();
  const values = new ValueBook();
  for (const feature of features) {
    const found = featureSites(feature, definitions, values);
    sitesByFeature.set(feature.uri, found);
  }
  const pools = values.pools();
  const actions = actionDefinitions(features, definitions);

  return features
    .filter((feature) => selection.has(feature.uri))
    .map((feature) => {
      const { declarations, problems } = readDeclarations(feature.document, feature.blocks);
      const { sites, unmatched } = sitesByFeature.get(feature.uri)!;
      const chosen = selection.get(feature.uri)!;
      const mutants: Mutant[] = [];
      const probes: Mutant[] = [];
      for (const site of sites) {
        const targets = chosen === 'all' ? site.targets : site.targets.filter((line) => chosen.has(line));
        if (targets.length === 0) continue;
        const seen = new Set<string>();
        const threshold = thresholdOf(site, declarations, problems);
        const changes = site.changes(pools);
        const made = threshold ? thresholdChanges(changes, threshold.bound, site.step.kind === 'outcome') : changes;
        const spared = threshold?.declaredAt === undefined ? [] : changes.filter((change) => !made.includes(change));
        const check =
          site.where !== 'example' &&
          site.step.kind === 'outcome' &&
          site.step.examples.length === 0 &&
          site.step.scenario !== undefined &&
          !actions.has(matchStep(site.step.step.text, definitions)?.definition);
        const stillMatches = (text: string) =>
          (!site.exampleRow || exampleRowStillMatches(site, text, definitions)) &&
          (site.where !== 'step' || stepStillMatches(site, text, definitions));
        for (const change of [...made, ...spared]) {
          if (change.text === site.text || seen.has(change.text)) continue;
          seen.add(change.text);
          if (!stillMatches(change.text)) continue;
          (spared.includes(change) ? probes : mutants).push({
            id: `${feature.uri}:${site.line}:${site.column}:${change.text}`,
            feature: feature.uri,
            sentence: { text: `${site.step.step.keyword}${site.step.step.text}`, line: site.step.step.location.line },
            where: site.where,
            argument: site.argument,
            line: site.line,
            column: site.column,
            original: site.text,
            replacement: change.text,
            fallbacks: (change.fallbacks ?? []).filter((text) => text !== site.text && stillMatches(text)),
            operator: change.operator,
            targets,
            declaration: declarationFor(declarations, site.line, site.text),
            threshold,
            check,
          });
        }
      }
      return { feature, mutants, probes, declarations, problems, partial: chosen !== 'all', unmatched };
    });
}

/**
 * Whether a number is held as a threshold: declared so above it, or bounded by the words around it. A declaration
 * where the words already bound the number is reported: it is not needed, or it contradicts them.
 */
function thresholdOf(site: Site, declarations: Declaration[], problems: DeclarationProblem[]): Mutant['threshold'] {
  const declared = declarationFor(declarations, site.line, site.text, ['at least', 'at most']);
  const words = boundOfWords(site);
  if (declared && words) {
    const message =
      words === declared.kind
        ? `declaration not needed: the sentence's words already say "${words}" of "${site.text}" — remove it`
        : `declaration says "${declared.kind}" of "${site.text}" where the sentence's words say "${words}"`;
    if (!problems.some((p) => p.line === declared.line && p.message === message))
      problems.push({ line: declared.line, message });
  }
  if (declared) return { bound: declared.kind as Bound, declaredAt: declared.line };
  return words ? { bound: words, declaredAt: undefined } : undefined;
}

/** The bound the words around a number put on it, in a When or Then. */
function boundOfWords(site: Site): Bound | undefined {
  // A Given's bound usually states a setting ("allows at most 5"), where both directions matter.
  if (site.step.kind === 'context') return undefined;
  const { step } = site.step;
  let before: string;
  let after: string;
  if (site.where === 'step') {
    const at = site.column - ((step.location.column ?? 1) + step.keyword.length);
    [before, after] = [step.text.slice(0, at), step.text.slice(at + site.text.length)];
  } else if (site.exampleRow) {
    const placeholder = `<${site.exampleRow.header[site.exampleRow.index]}>`;
    const at = step.text.indexOf(placeholder);
    if (at < 0) return undefined;
    [before, after] = [step.text.slice(0, at), step.text.slice(at + placeholder.length)];
  } else return undefined;
  return boundInWords(before, after);
}

/** The feature's source with one mutant applied (same lines, so pickle lines stay valid). */
export function mutatedSource(source: string, mutant: Mutant): string {
  const lines = source.split('\n');
  const line = lines[mutant.line - 1]!;
  const at = mutant.column - 1;
  if (line.slice(at, at + mutant.original.length) !== mutant.original)
    throw new Error(`mutant ${mutant.id} does not sit where it says`);
  lines[mutant.line - 1] = line.slice(0, at) + mutant.replacement + line.slice(at + mutant.original.length);
  return lines.join('\n');
}

/** The definitions some step of the book runs as a Given or a When: a step that may change what later steps see. */
function actionDefinitions(features: ParsedFeature[], definitions: Definition[]): Set<Definition | undefined> {
  const actions = new Set<Definition | undefined>([undefined]);
  for (const { pickles } of features)
    for (const { steps, kinds } of pickles)
      steps.forEach((text, i) => {
        if (kinds[i] !== 'outcome') actions.add(matchStep(text, definitions)?.definition);
      });
  return actions;
}

export function domainOf(uri: string): string {
  return /features\/([^/]+)\//.exec(uri)?.[1] ?? 'book';
}

type StepMatch = { definition: Definition; args: readonly MatchedArgument[] } | undefined;
/** The book repeats its sentences: each text is matched against the definitions once. */
const matched = new WeakMap<Definition[], Map<string, StepMatch>>();

function matchStep(text: string, definitions: Definition[]): StepMatch {
  const known = matched.get(definitions) ?? new Map<string, StepMatch>();
  matched.set(definitions, known);
  if (known.has(text)) return known.get(text);
  const matches = definitions.flatMap((definition) => {
    // A plain test first: match() finds each group's position through a slow polyfill, worth it only on a hit.
    const args = text.search(definition.expression.regexp) >= 0 ? definition.expression.match(text) : null;
    return args ? [{ definition, args }] : [];
  });
  const match = matches.length === 1 ? matches[0] : undefined;
  known.set(text, match);
  return match;
}

function featureSites(
  feature: ParsedFeature,
  definitions: Definition[],
  values: ValueBook,
): { sites: Site[]; unmatched: { line: number; text: string }[] } {
  const sites: Site[] = [];
  const unmatched: { line: number; text: string }[] = [];
  const lines = feature.source.split('\n');
  const domain = domainOf(feature.uri);

  for (const audited of feature.steps) {
    const { step } = audited;
    const textColumn = (step.location.column ?? 1) + step.keyword.length;
    const placeholders = /<[^>]+>/.test(step.text);

    if (!placeholders) {
      const match = matchStep(step.text, definitions);
      if (!match) {
        unmatched.push({ line: step.location.line, text: step.text });
        continue;
      }
      const slotBase = `${match.definition.uri}:${match.definition.line}`;
      const role = ROLE_STEPS[String(match.definition.pattern)];
      if (role) values.actor(match.args[0]!.group.value!, role, feature.uri, domain);
      match.args.forEach((arg, index) => {
        const site = argumentSite(
          audited,
          arg,
          `${slotBase}#${index}`,
          step.location.line,
          textColumn,
          lines,
          feature.uri,
          domain,
          values,
        );
        if (site) sites.push({ ...site, targets: audited.targets });
      });
      sites.push(...tableSites(audited, slotBase, feature.uri, domain, values), ...docStringSites(audited, lines));
      continue;
    }

    // A step of a scenario outline: its example cells are its arguments, row by row.
    let anyMatched = false;
    for (const { header, row } of audited.examples) {
      const names = header.cells.map((c) => c.value);
      const cells = row.cells.map((c) => c.value);
      const { text, spans } = substitute(step.text, names, cells);
      const match = matchStep(text, definitions);
      if (!match) continue;
      anyMatched = true;
      const slotBase = `${match.definition.uri}:${match.definition.line}`;
      match.args.forEach((arg, index) => {
        const start = arg.group.start ?? 0;
        const value = arg.group.value ?? '';
        const span = spans.find((s) => s.start <= start && start + value.length <= s.end);
        if (!span) {
          // The argument is written in the step itself; mutate it once, for every row.
          if (row !== audited.examples[0]!.row || spans.some((s) => s.start < start + value.length && start < s.end))
            return;
          const offset =
            start -
            spans
              .filter((s) => s.end <= start)
              .reduce((shift, s) => shift + (s.end - s.start) - s.placeholder.length, 0);
          const site = argumentSite(
            audited,
            { ...arg, group: { ...arg.group, start: offset } },
            `${slotBase}#${index}`,
            step.location.line,
            textColumn,
            lines,
            feature.uri,
            domain,
            values,
          );
          if (site) sites.push({ ...site, targets: audited.targets });
          return;
        }
        const cell = row.cells[span.index]!;
        const inCell = start - span.start;
        const site = argumentSite(
          audited,
          { ...arg, group: { ...arg.group, start: inCell } },
          `${slotBase}#${index}`,
          cell.location.line,
          cell.location.column ?? 1,
          lines,
          feature.uri,
          domain,
          values,
        );
        if (site)
          sites.push({
            ...site,
            where: 'example',
            argument: `${site.argument} in column "${names[span.index]}"`,
            targets: [row.location.line],
            exampleRow: { header: names, cells, index: span.index, cellColumn: cell.location.column ?? 1 },
          });
      });
    }
    if (!anyMatched) unmatched.push({ line: step.location.line, text: step.text });
    sites.push(...docStringSites(audited, lines));
  }
  return { sites, unmatched };
}

function argumentSite(
  audited: AuditedStep,
  arg: MatchedArgument,
  slot: string,
  line: number,
  textColumn: number,
  lines: string[],
  feature: string,
  domain: string,
  values: ValueBook,
): Omit<Site, 'targets'> | undefined {
  const raw = arg.group.value;
  if (raw === undefined || arg.group.start === undefined) return undefined;
  const name = arg.parameterType.name;
  const quoted = name === 'string';
  const text = quoted ? raw.slice(1, -1) : raw;
  const column = locate(lines[line - 1]!, textColumn + arg.group.start + (quoted ? 1 : 0), text);
  values.add(slot, text, feature, domain);
  const alternatives = literalAlternatives(arg.parameterType.regexpStrings[0] ?? '');
  const base = {
    step: audited,
    where: 'step' as const,
    line,
    column,
    text,
    slot,
    argument: name ? `{${name}}` : `(${arg.parameterType.regexpStrings[0]})`,
  };

  switch (name) {
    case 'int':
    case 'float':
      return { ...base, changes: (pools) => statusOr(text, pools.statuses(slot), () => integerChanges(text)) };
    case 'amount':
      return { ...base, changes: () => amountChanges(text) };
    case 'duration':
      return { ...base, changes: () => durationChanges(text) };
    case 'ordinal':
      return { ...base, changes: () => ordinalChanges(text) };
    case 'word':
      return {
        ...base,
        changes: (pools) => {
          const sameRole = swapChange(text, pools.actorsLike(text, feature) ?? []);
          if (sameRole.length > 0) return sameRole.map((c) => ({ ...c, operator: 'another person' }));
          return swapChange(
            text,
            pools
              .of(slot, feature)
              .map((pool) => (ERROR_CODE.test(text) ? pool.filter((v) => ERROR_CODE.test(v)) : pool)),
          );
        },
      };
    case 'string':
      return { ...base, changes: (pools) => swapChange(text, pools.of(slot, feature)) };
    default:
      if (alternatives) return { ...base, changes: () => choiceChange(text, alternatives) };
      if (/^-?\d+$/.test(text))
        return { ...base, changes: (pools) => statusOr(text, pools.statuses(slot), () => integerChanges(text)) };
      return {
        ...base,
        changes: (pools) => [...swapChange(text, pools.of(slot, feature)), ...numbersInTextChanges(text)],
      };
  }
}

function statusOr(text: string, statuses: string[] | undefined, otherwise: () => Change[]): Change[] {
  if (statuses && HTTP_STATUS.test(text))
    return swapChange(text, [statuses]).map((c) => ({ ...c, operator: 'another status' }));
  return otherwise();
}

function tableSites(
  audited: AuditedStep,
  slotBase: string,
  feature: string,
  domain: string,
  values: ValueBook,
): Site[] {
  const rows = audited.step.dataTable?.rows ?? [];
  if (rows.length < 2) return [];
  const header = rows[0]!.cells.map((cell) => cell.value);
  return rows.slice(1).flatMap((row) =>
    row.cells.map((cell, i) => {
      const slot = `${slotBase}|${header[i]}`;
      values.add(slot, cell.value, feature, domain);
      return {
        step: audited,
        where: 'table' as const,
        argument: `column "${header[i]}"`,
        line: cell.location.line,
        column: cell.location.column ?? 1,
        text: cell.value,
        slot,
        changes: (pools: Pools) => cellChanges(cell.value, pools.of(slot, feature)),
        targets: audited.targets,
      };
    }),
  );
}

function docStringSites(audited: AuditedStep, lines: string[]): Site[] {
  const doc = audited.step.docString;
  if (!doc) return [];
  return doc.content.split('\n').flatMap((content, i) => {
    const line = doc.location.line + 1 + i;
    const source = lines[line - 1] ?? '';
    const indent = source.indexOf(content);
    if (indent < 0) return [];
    return numbersInTextChanges(content).map((change) => ({
      step: audited,
      where: 'doc string' as const,
      argument: 'doc string',
      line,
      column: indent + 1,
      text: content,
      slot: 'doc string',
      changes: () => [change],
      targets: audited.targets,
    }));
  });
}

/** The 1-based column of `text` in a source line, at or near where Gherkin says it starts. */
function locate(line: string, column: number, text: string): number {
  if (line.slice(column - 1, column - 1 + text.length) === text) return column;
  const found = line.indexOf(text, Math.max(0, column - 3));
  return found >= 0 ? found + 1 : column;
}

function substitute(
  template: string,
  names: string[],
  cells: string[],
): { text: string; spans: { start: number; end: number; index: number; placeholder: string }[] } {
  const spans: { start: number; end: number; index: number; placeholder: string }[] = [];
  let text = '';
  let rest = template;
  for (;;) {
    const match = /<([^>]+)>/.exec(rest);
    const index = match ? names.indexOf(match[1]!) : -1;
    if (!match) break;
    text += rest.slice(0, match.index);
    if (index < 0) {
      text += match[0];
    } else {
      spans.push({ start: text.length, end: text.length + cells[index]!.length, index, placeholder: match[0] });
      text += cells[index]!;
    }
    rest = rest.slice(match.index + match[0].length);
  }
  return { text: text + rest, spans };
}

function stepStillMatches(site: Site, replacement: string, definitions: Definition[]): boolean {
  const step: Step = site.step.step;
  const textColumn = (step.location.column ?? 1) + step.keyword.length;
  const offset = site.column - textColumn;
  const changed = step.text.slice(0, offset) + replacement + step.text.slice(offset + site.text.length);
  if (!/<[^>]+>/.test(changed)) return matchStep(changed, definitions) !== undefined;
  // An outline's step: it must still read as one step with every example row's values.
  return (site.step.scenario?.examples ?? []).every((examples) =>
    examples.tableBody.every(
      (row) =>
        matchStep(
          substitute(
            changed,
            (examples.tableHeader?.cells ?? []).map((cell) => cell.value),
            row.cells.map((cell) => cell.value),
          ).text,
          definitions,
        ) !== undefined,
    ),
  );
}

function exampleRowStillMatches(site: Site, replacement: string, definitions: Definition[]): boolean {
  const row = site.exampleRow!;
  const scenario = site.step.scenario!;
  const cells = [...row.cells];
  const cell = cells[row.index]!;
  const at = site.column - row.cellColumn;
  cells[row.index] = cell.slice(0, at) + replacement + cell.slice(at + site.text.length);
  return scenario.steps.every(
    (step) =>
      !/<[^>]+>/.test(step.text) || matchStep(substitute(step.text, row.header, cells).text, definitions) !== undefined,
  );
}

/** Every value the book uses, by slot (a definition's argument, or a table column), to find values of a kind. */
class ValueBook {
  readonly #bySlot = new Map<string, { value: string; feature: string; domain: string }[]>();
  readonly #actors = new Map<string, { role: string; features: Set<string>; domains: Set<string> }>();

  add(slot: string, value: string, feature: string, domain: string): void {
    if (value.trim() === '') return;
    const list = this.#bySlot.get(slot) ?? [];
    list.push({ value, feature, domain });
    this.#bySlot.set(slot, list);
  }

  actor(name: string, role: string, feature: string, domain: string): void {
    const actor = this.#actors.get(`${role}:${name}`) ?? { role, features: new Set(), domains: new Set() };
    actor.features.add(feature);
    actor.domains.add(domain);
    this.#actors.set(`${role}:${name}`, actor);
  }

  /** Slots that share a value hold the same kind of thing (products, marts, reasons): they pool together. */
  pools(): Pools {
    const parent = new Map<string, string>();
    const find = (slot: string): string => {
      let root = slot;
      while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!;
      parent.set(slot, root);
      return root;
    };
    const firstSlotOf = new Map<string, string>();
    for (const [slot, entries] of this.#bySlot) {
      parent.set(slot, parent.get(slot) ?? slot);
      for (const { value } of entries) {
        if (/^[\d,.\s-]*$/.test(value)) continue; // numbers say nothing about kind
        const other = firstSlotOf.get(value);
        if (other === undefined) firstSlotOf.set(value, slot);
        else parent.set(find(slot), find(other));
      }
    }
    const byKind = new Map<string, { value: string; feature: string; domain: string }[]>();
    for (const [slot, entries] of this.#bySlot) {
      const kind = find(slot);
      byKind.set(kind, [...(byKind.get(kind) ?? []), ...entries]);
    }
    const actors = this.#actors;
    const bySlot = this.#bySlot;
    return {
      of(slot, feature) {
        const entries = byKind.get(find(slot)) ?? [];
        const domain = domainOf(feature);
        return [
          entries.filter((e) => e.feature === feature).map((e) => e.value),
          entries.filter((e) => e.domain === domain).map((e) => e.value),
          entries.map((e) => e.value),
        ];
      },
      actorsLike(name, feature) {
        const mine = [...actors.entries()].find(
          ([key, actor]) => key.endsWith(`:${name}`) && actor.features.has(feature),
        );
        if (!mine) return undefined;
        const role = mine[1].role;
        const domain = domainOf(feature);
        const same = [...actors.entries()].filter(([, actor]) => actor.role === role);
        const names = (keep: (a: { features: Set<string>; domains: Set<string> }) => boolean) =>
          same.filter(([, a]) => keep(a)).map(([key]) => key.slice(role.length + 1));
        return [names((a) => a.features.has(feature)), names((a) => a.domains.has(domain)), names(() => true)];
      },
      statuses(slot) {
        const list = [...new Set((bySlot.get(slot) ?? []).map((e) => e.value))];
        return list.length >= 2 && list.every((v) => HTTP_STATUS.test(v)) ? list : undefined;
      },
    };
  }
}

export type { ScenarioRef };
