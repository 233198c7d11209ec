// `--changed <ref>`: the scenarios a change since a git ref touches. A changed feature is audited whole; a changed
// step-definition file touches every scenario that runs a step it defines. Steps are matched as Cucumber runs
// them — the compiled pickles, an outline once per example row with `<qty>` filled in — so an outline's steps
// are found like any other.
import type { ParsedFeature } from './gherkin.ts';
import type { Definition } from './mutants.ts';

/** Per audited feature: all of it, or only the scenarios (pickle-selecting lines) a change touches. */
export type Selection = Map<string, 'all' | Set<number>>;

export function selectChanged(
  features: readonly ParsedFeature[],
  definitions: readonly Definition[],
  changedFiles: ReadonlySet<string>,
): Selection {
  const changedDefinitions = definitions.filter((d) => changedFiles.has(d.uri));
  const selection: Selection = new Map();
  for (const feature of features) {
    if (changedFiles.has(feature.uri)) {
      selection.set(feature.uri, 'all');
      continue;
    }
    const touched = scenariosUsing(feature, changedDefinitions);
    if (touched.size > 0) selection.set(feature.uri, touched);
  }
  return selection;
}

/** The scenarios of a feature with a step that one of the definitions matches. */
export function scenariosUsing(feature: ParsedFeature, definitions: readonly Definition[]): Set<number> {
  if (definitions.length === 0) return new Set();
  return new Set(
    feature.pickles
      .filter((pickle) => pickle.steps.some((text) => definitions.some((d) => d.expression.match(text))))
      .map((pickle) => pickle.target),
  );
}
