// The code ↔ policy map as the site shows it: for each module of src/ its functions and the policies that ran
// them, and for each feature the functions its scenarios ran. Read from coverage-map.json beside the run's
// messages (written when the run had MARTBOOK_COVERAGE=1); absent map, no code-map pages.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readCoverageMap, type CoverageMap, type FunctionEntry } from '../../scripts/coverage-map.ts';
import { slugify } from './escape.ts';
import { domainOf } from './generate.ts';
import { featureFileStem } from './names.ts';

export interface PolicyRef {
  /** `uri:line` */
  id: string;
  scenario: string;
  feature: string;
  featureName: string;
  /** The policy page, relative to the policies folder: `refund/one-refund-per-order.md`. */
  page: string;
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
}

export interface CodeMapOptions {
  /** Where the API reference is served (`/api`); links are made only when the API pages are known. */
  apiBase?: string;
  /** The TypeDoc output folder (docs/content/api): when present, links and sections are checked against it. */
  apiDir?: string;
}

/** coverage-map.json beside the messages file, if the run wrote one. */
function coverageMapPath(messagesPath: string): string {
  return join(dirname(messagesPath), 'coverage-map.json');
}

/** The map beside the messages, when it was recorded by the same run (another run's map would mislead). */
export function loadCodeMap(messagesPath: string, options: CodeMapOptions = {}): CodeMap | undefined {
  const map = readCoverageMap(coverageMapPath(messagesPath));
  if (!map || !existsSync(messagesPath)) return undefined;
  const runId = /"testRunStarted":\{"id":"([^"]+)"/.exec(readFileSync(messagesPath, 'utf8'))?.[1];
  if (map.runId !== runId) return undefined;
  const scenarioCount = Object.keys(map.scenarios).length;
  const policy = (id: string): PolicyRef | undefined => {
    const scenario = map.scenarios[id];
    if (!scenario) return undefined;
    const page = policyPage(scenario.feature);
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
      const api = apiPage(options, module, undefined);
      return {
        file,
        module,
        domain: module.split('/')[0] ?? module,
        api: api?.page,
        functions: entry.functions.map((fn) => ({
          ...fn,
          policies: fn.scenarios.flatMap((id) => policy(id) ?? []),
          everywhere: scenarioCount > 1 && fn.scenarios.length === scenarioCount,
          api: fn.exported ? apiPage(options, module, fn)?.link : undefined,
        })),
      };
    })
    .sort((a, b) => a.module.localeCompare(b.module));
  return { map, modules, scenarioCount };
}

/** A feature's page in the policies folder, as generate.ts names it: `<domain>/<file stem>.md`. */
export function policyPage(featureUri: string): string {
  return `${slugify(domainOf(featureUri))}/${slugify(featureFileStem(featureUri))}.md`;
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

/**
 * TypeDoc's page for a module, or for one of its exports: `<module>/functions/<name>`, `<module>/classes/<Class>`
 * (a method: its section). Without the TypeDoc output to check against, pages are predicted and sections left out.
 */
function apiPage(
  options: CodeMapOptions,
  module: string,
  fn: FunctionEntry | undefined,
): { page: string; link: string } | undefined {
  if (!options.apiBase) return undefined;
  const base = `${options.apiBase.replace(/\/$/, '')}/${module}`;
  const exists = (relative: string) =>
    !options.apiDir || !existsSync(options.apiDir) || existsSync(join(options.apiDir, `${relative}.md`));
  if (fn === undefined) return exists(`${module}/index`) ? { page: base, link: base } : undefined;
  if (fn.kind === 'handler') return undefined;
  const [owner = fn.name, member] = fn.name.split('.');
  const kind = fn.kind === 'member' ? 'classes' : fn.kind === 'variable' ? 'variables' : 'functions';
  if (!exists(`${module}/${kind}/${owner}`)) return undefined;
  const page = `${base}/${kind}/${owner}`;
  const section = member === undefined ? undefined : sectionOf(options, `${module}/${kind}/${owner}`, member);
  return { page, link: section ? `${page}#${section}` : page };
}

/** The heading id Docusaurus gives TypeDoc's `### create()` / `### Constructor`, if the page has it. */
function sectionOf(options: CodeMapOptions, relative: string, member: string): string | undefined {
  if (!options.apiDir) return undefined;
  const path = join(options.apiDir, `${relative}.md`);
  if (!existsSync(path)) return undefined;
  const headings = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('### '));
  if (!/^[A-Za-z0-9]+$/.test(member)) return undefined;
  const wanted = member === 'constructor' ? 'Constructor' : member;
  const heading = headings.find(
    (line) => line.replace(/^### /, '').replace(/\(\)$/, '').replace(/\\/g, '').trim() === wanted,
  );
  return heading ? slugify(wanted) : undefined;
}
