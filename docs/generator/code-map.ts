// The code ↔ policy map as the site shows it: for each module of src/ its functions and the policies that ran
// them, and for each feature the functions its scenarios ran. Read from coverage-map.json beside each messages
// file of the run (written when the run had MARTBOOK_COVERAGE=1; a sharded run has one per shard, each in its
// shard's folder, merged here); absent map, no code-map pages.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readCoverageMap, type CoverageMap, type FunctionEntry } from '../../scripts/coverage-map-file.ts';
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
  const pages = new ApiPages(options.apiDir);
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
      return {
        file,
        module,
        domain: module.split('/')[0] ?? module,
        api: apiPage(options, pages, module, undefined),
        functions: entry.functions.map((fn) => ({
          ...fn,
          policies: fn.scenarios.flatMap((id) => policy(id) ?? []),
          everywhere: scenarioCount > 1 && fn.scenarios.length === scenarioCount,
          api: fn.exported ? apiPage(options, pages, module, fn) : undefined,
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

/** TypeDoc's output (docs/content/api): which modules have a page, and the anchors of each page's sections. */
class ApiPages {
  readonly #checked: boolean;
  readonly #anchors = new Map<string, Map<string, string> | undefined>();

  constructor(private readonly apiDir: string | undefined) {
    this.#checked = apiDir !== undefined && existsSync(apiDir);
  }

  /** Whether TypeDoc wrote the module's page; without its output to check against, every page is presumed. */
  has(module: string): boolean {
    return !this.#checked || this.anchors(module) !== undefined;
  }

  /**
   * A page's anchors by the name of what each section documents, read once: `RefundStore` for
   * `### RefundStore {#api-refundstore}`, `RefundStore.create` for its `##### create() {#api-create}`. Undefined: no
   * page, or no output to read.
   */
  anchors(module: string): Map<string, string> | undefined {
    if (!this.#checked || !this.apiDir) return undefined;
    if (this.#anchors.has(module)) return this.#anchors.get(module);
    const path = join(this.apiDir, `${module}.md`);
    const anchors = existsSync(path) ? readAnchors(readFileSync(path, 'utf8')) : undefined;
    this.#anchors.set(module, anchors);
    return anchors;
  }
}

/** A module page's anchors by name; a member's section follows its class's, two heading levels down. */
function readAnchors(markdown: string): Map<string, string> {
  const anchors = new Map<string, string>();
  let owner = '';
  for (const line of markdown.split('\n')) {
    const heading = /^(###|#####) (.+?)(?:\(\))? \{#([^}]+)\}$/.exec(line);
    if (!heading) continue;
    const [, level, text = '', anchor = ''] = heading;
    const name = text.replace(/\\/g, '');
    if (level === '###') owner = name;
    anchors.set(level === '###' ? name : `${owner}.${name}`, anchor);
  }
  return anchors;
}

/**
 * TypeDoc's page for a module (`<apiBase>/<module>`), or the section of one of its exports (`#<anchor>`; a
 * constructor: its class's). Without the TypeDoc output to check against, pages are predicted and sections left out.
 */
function apiPage(
  options: CodeMapOptions,
  api: ApiPages,
  module: string,
  fn: FunctionEntry | undefined,
): string | undefined {
  if (!options.apiBase || !api.has(module) || fn?.kind === 'handler') return undefined;
  const page = `${options.apiBase.replace(/\/$/, '')}/${module}`;
  const anchors = api.anchors(module);
  if (fn === undefined || anchors === undefined) return page;
  const anchor = anchors.get(fn.name) ?? anchors.get(fn.name.split('.')[0] ?? fn.name);
  return anchor === undefined ? undefined : `${page}#${anchor}`;
}
