// The code ↔ policy map as the site shows it: for each module of src/ its functions and the policies that ran
// them, and for each feature the functions its scenarios ran. Read from coverage-map.json beside each messages
// file of the run (written when the run had MARTBOOK_COVERAGE=1; a sharded run has one per shard, each in its
// shard's folder, merged here); absent map, no code-map pages.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readCoverageMap, type CoverageMap, type FunctionEntry } from '../../scripts/coverage-map.ts';
import { slugify } from './escape.ts';
import type { LoadedRun } from './load-run.ts';
import { domainOf } from './names.ts';

export interface PolicyRef {
  /** `uri:line` */
  id: string;
  scenario: string;
  feature: string;
  featureName: string;
  /** The policy page, relative to the policies folder (`refund/one-refund-per-order.md`); none for a feature the
   * map knows and the book does not (removed since). */
  page?: string;
}

export interface FunctionView extends FunctionEntry {
  policies: PolicyRef[];
  /** Every scenario of the run ran it (building the app, the clock…): listing them would say nothing. */
  everywhere: boolean;
  /** The API reference page (and section) documenting it, when there is one. */
  api?: string;
}

export interface ModuleView {
  file: string;
  /** `refund/refund.store` */
  module: string;
  domain: string;
  api?: string;
  functions: FunctionView[];
}

export interface CodeMap {
  map: CoverageMap;
  modules: ModuleView[];
  scenarioCount: number;
  /** How many maps it joins: one per shard of a sharded run. */
  shards: number;
}

export interface CodeMapOptions {
  /** Where the API reference is served (`/api`); links are made only when the API pages are known. */
  apiBase?: string;
  /** The TypeDoc output folder (docs/content/api): when present, links and sections are checked against it. */
  apiDir?: string;
  /** A feature's page, relative to the policies folder, as the generator named it. */
  pageOf: (featureUri: string) => string | undefined;
}

/**
 * The maps beside the run's messages files, each kept only when the run that wrote its messages recorded it
 * (another run's map would mislead), merged into one for a sharded run. Undefined when no map qualifies.
 */
export function loadCodeMap(run: LoadedRun, options: CodeMapOptions): CodeMap | undefined {
  const maps = run.sources.flatMap((source) => {
    const map = readCoverageMap(join(dirname(source.path), 'coverage-map.json'));
    return map && source.runId !== undefined && map.runId === source.runId ? [map] : [];
  });
  const [first] = maps;
  if (!first) return undefined;
  const map =
    run.sources.length === 1
      ? first
      : mergeShardMaps(maps, maps.length === run.sources.length ? run.query.findAllPickles().length : undefined);
  const scenarioCount = Object.keys(map.scenarios).length;
  const headings = new ApiHeadings(options.apiDir);
  const policy = (id: string): PolicyRef | undefined => {
    const scenario = map.scenarios[id];
    if (!scenario) return undefined;
    const page = options.pageOf(scenario.feature);
    return {
      id,
      scenario: scenario.name,
      feature: scenario.feature,
      featureName: map.featureNames[scenario.feature] || scenario.feature,
      page,
    };
  };
  const modules = Object.entries(map.files)
    .map(([file, entry]): ModuleView => {
      const module = file.replace(/^src\//, '').replace(/\.ts$/, '');
      const api = apiPage(options, headings, module, undefined);
      return {
        file,
        module,
        domain: module.split('/')[0] ?? module,
        api: api?.page,
        functions: entry.functions.map((fn) => ({
          ...fn,
          policies: fn.scenarios.flatMap((id) => policy(id) ?? []),
          everywhere: scenarioCount > 1 && fn.scenarios.length === scenarioCount,
          api: fn.exported ? apiPage(options, headings, module, fn)?.link : undefined,
        })),
      };
    })
    .sort((a, b) => a.module.localeCompare(b.module));
  return { map, modules, scenarioCount, shards: maps.length };
}

/**
 * The shards' maps as one: scenarios and the functions they ran joined. Complete when every shard recorded one
 * and together they cover `pickles` (the merged run's scenarios and example rows); undefined: some shard did not.
 */
function mergeShardMaps(maps: readonly CoverageMap[], pickles: number | undefined): CoverageMap {
  const files: CoverageMap['files'] = {};
  for (const map of maps) {
    for (const [file, entry] of Object.entries(map.files)) {
      const merged = (files[file] ??= { scenarios: [], functions: [] });
      merged.scenarios.push(...entry.scenarios);
      for (const fn of entry.functions) {
        const known = merged.functions.find((other) => other.name === fn.name);
        if (known) known.scenarios.push(...fn.scenarios);
        else merged.functions.push({ ...fn, scenarios: [...fn.scenarios] });
      }
    }
  }
  // In the order of the book (feature, then line), as a single run lists them, not shard by shard.
  const byPlace = (a: string, b: string) => {
    const [uriA = '', lineA = '0'] = a.split(/:(?=\d+$)/);
    const [uriB = '', lineB = '0'] = b.split(/:(?=\d+$)/);
    return uriA.localeCompare(uriB) || Number(lineA) - Number(lineB);
  };
  for (const entry of Object.values(files)) {
    entry.scenarios.sort(byPlace);
    for (const fn of entry.functions) fn.scenarios.sort(byPlace);
  }
  const scenarios = Object.assign({}, ...maps.map((map) => map.scenarios)) as CoverageMap['scenarios'];
  const union = (pick: (map: CoverageMap) => readonly string[]) => [...new Set(maps.flatMap(pick))].sort();
  const first = maps[0]!;
  return {
    ...first,
    createdAt:
      maps
        .map((map) => map.createdAt)
        .sort()
        .at(-1) ?? first.createdAt,
    complete: pickles !== undefined && Object.keys(scenarios).length >= pickles,
    success: maps.every((map) => map.success),
    features: union((map) => map.features),
    featureNames: Object.assign({}, ...maps.map((map) => map.featureNames)) as CoverageMap['featureNames'],
    loaded: union((map) => map.loaded),
    hashes: Object.assign({}, ...maps.map((map) => map.hashes)) as CoverageMap['hashes'],
    scenarios,
    files,
  };
}

/** The functions of src/ a feature's scenarios ran, by module (those every scenario runs left out). */
export function functionsRunBy(
  codeMap: CodeMap,
  featureUri: string,
): { module: ModuleView; functions: { fn: FunctionView; scenarios: number }[] }[] {
  // The feature's own domain first: `features/refund/…` → `refund/…` modules.
  const domain = domainOf(featureUri);
  const modules = [...codeMap.modules].sort((a, b) => Number(b.domain === domain) - Number(a.domain === domain));
  return modules.flatMap((module) => {
    const functions = module.functions.flatMap((fn) => {
      const scenarios = fn.policies.filter((policy) => policy.feature === featureUri).length;
      return scenarios > 0 && !fn.everywhere ? [{ fn, scenarios }] : [];
    });
    return functions.length > 0 ? [{ module, functions }] : [];
  });
}

/** TypeDoc's output (docs/content/api), each page looked up and read once however many functions it documents. */
class ApiHeadings {
  readonly #checked: boolean;
  readonly #exists = new Map<string, boolean>();
  readonly #headings = new Map<string, Set<string>>();

  constructor(private readonly apiDir: string | undefined) {
    this.#checked = apiDir !== undefined && existsSync(apiDir);
  }

  /** Whether TypeDoc wrote `<relative>.md`; without its output to check against, every page is presumed. */
  has(relative: string): boolean {
    if (!this.#checked || !this.apiDir) return true;
    let known = this.#exists.get(relative);
    if (known === undefined) this.#exists.set(relative, (known = existsSync(join(this.apiDir, `${relative}.md`))));
    return known;
  }

  /** The `### ` headings of a page, as text: `create()` → `create`, escapes dropped. */
  of(relative: string): Set<string> {
    let headings = this.#headings.get(relative);
    if (!headings) {
      const path = this.apiDir ? join(this.apiDir, `${relative}.md`) : undefined;
      const lines = path && existsSync(path) ? readFileSync(path, 'utf8').split('\n') : [];
      headings = new Set(
        lines
          .filter((line) => line.startsWith('### '))
          .map((line) => line.replace(/^### /, '').replace(/\(\)$/, '').replace(/\\/g, '').trim()),
      );
      this.#headings.set(relative, headings);
    }
    return headings;
  }
}

/**
 * TypeDoc's page for a module, or for one of its exports: `<module>/functions/<name>`, `<module>/classes/<Class>`
 * (a method: its section). Without the TypeDoc output to check against, pages are predicted and sections left out.
 */
function apiPage(
  options: CodeMapOptions,
  api: ApiHeadings,
  module: string,
  fn: FunctionEntry | undefined,
): { page: string; link: string } | undefined {
  if (!options.apiBase) return undefined;
  const base = `${options.apiBase.replace(/\/$/, '')}/${module}`;
  if (fn === undefined) return api.has(`${module}/index`) ? { page: base, link: base } : undefined;
  if (fn.kind === 'handler') return undefined;
  const [owner = fn.name, member] = fn.name.split('.');
  const kind = fn.kind === 'member' ? 'classes' : fn.kind === 'variable' ? 'variables' : 'functions';
  const relative = `${module}/${kind}/${owner}`;
  if (!api.has(relative)) return undefined;
  const page = `${base}/${kind}/${owner}`;
  // The heading id Docusaurus gives TypeDoc's `### create()` / `### Constructor`, if the page has it.
  const wanted = member === 'constructor' ? 'Constructor' : member;
  const section =
    wanted !== undefined && /^[A-Za-z0-9]+$/.test(wanted) && api.of(relative).has(wanted) ? slugify(wanted) : undefined;
  return { page, link: section ? `${page}#${section}` : page };
}
