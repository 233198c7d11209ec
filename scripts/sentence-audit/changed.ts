// `--changed <ref>`: the scenarios a change since a git ref touches. A changed feature is audited whole; a changed
// step-definition file — or a file of the checking code it imports (a driver, the world, a vendor mock) — touches
// every scenario that runs a step it defines. Steps are matched as Cucumber runs them — the compiled pickles, an
// outline once per example row with `<qty>` filled in — so an outline's steps are found like any other.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
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

/** The code that checks the policies: a change in it can make a check stop depending on a word. */
const CHECKING_CODE = ['steps', 'mocks'];

/**
 * The changed files, and every file of the checking code that imports a changed file of the checking code,
 * directly or through others (a changed driver makes the step files that use it changed; a changed world or hook
 * file, every step file). Paths relative to `root`.
 */
export function withImporters(changed: ReadonlySet<string>, root: string): Set<string> {
  const importers = new Map<string, string[]>();
  const stepFiles: string[] = [];
  for (const folder of CHECKING_CODE) {
    if (!existsSync(join(root, folder))) continue;
    for (const entry of readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })) {
      if (!entry.endsWith('.ts')) continue;
      const file = join(folder, entry);
      if (file.endsWith('.steps.ts')) stepFiles.push(file);
      const source = readFileSync(join(root, file), 'utf8');
      for (const [, specifier] of source.matchAll(/(?:from|import)\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
        const imported = normalize(join(dirname(file), specifier!));
        importers.set(imported, [...(importers.get(imported) ?? []), file]);
      }
    }
  }
  const out = new Set(changed);
  // Only the checking code's own changes spread: a change in src/ is behaviour, which the scenarios themselves judge.
  const queue = [...changed].filter((file) => CHECKING_CODE.some((folder) => file.startsWith(`${folder}/`)));
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    // Support code nothing imports (the hooks) is loaded by Cucumber for every scenario.
    const everyStep = file.startsWith('steps/support/') && !importers.has(file);
    for (const importer of everyStep ? stepFiles : (importers.get(file) ?? []))
      if (!out.has(importer)) {
        out.add(importer);
        queue.push(importer);
      }
  }
  return out;
}
