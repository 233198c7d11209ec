// Generates the policy pages: reads the run and the feature files, wipes the output folder and writes
// index.md, steps.md, and per domain a _category_.json and one page per feature.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { Pickle } from '@cucumber/messages';
import { slugify, titleText } from './escape.ts';
import { DEFAULT_FEATURE_GLOBS, addUncoveredFeatures } from './load-features.ts';
import { loadRun, readRunMeta } from './load-run.ts';
import { RunModel, type Status } from './model.ts';
import { renderFeaturePage } from './render-feature.ts';
import { countStatuses, renderOverview, renderStepCatalogue, type DomainSummary } from './render-overview.ts';
import { featureFileStem, uniqueName } from './names.ts';

export interface GenerateOptions {
  messagesPath: string;
  outDir: string;
  /** The folder feature uris are relative to (where cucumber-js ran). */
  root?: string;
  featureGlobs?: readonly string[];
  /** Where the API reference lives; a domain's service module is linked as <apiBase>/<domain>/<domain>.service. */
  apiBase?: string;
  /** Domains that have service code pages under apiBase. */
  apiDomains?: readonly string[];
  /** The overview page's title and route (default: "Policy health" at /policies). */
  title?: string;
  slug?: string;
  /** The overview's place in the site's sidebar (default 5: after the hand-written onboarding pages). */
  position?: number;
}

export interface GenerateResult {
  features: number;
  scenarios: number;
  counts: Record<Status, number>;
  messagesFound: boolean;
  runFinished: boolean;
  ms: number;
}

export function generate(options: GenerateOptions): GenerateResult {
  const began = performance.now();
  const root = resolve(options.root ?? process.cwd());
  const outDir = resolve(options.outDir);
  const run = loadRun(options.messagesPath);
  addUncoveredFeatures(run, root, options.featureGlobs ?? DEFAULT_FEATURE_GLOBS);
  const model = new RunModel(run, root);

  const picklesByUri = new Map<string, Pickle[]>();
  for (const pickle of run.query.findAllPickles()) {
    const list = picklesByUri.get(pickle.uri);
    if (list) list.push(pickle);
    else picklesByUri.set(pickle.uri, [pickle]);
  }
  const errorsByUri = new Map<string, string[]>();
  for (const error of run.parseErrors) {
    const line = `${error.source.location ? `line ${error.source.location.line}: ` : ''}${error.message}`;
    const uri = error.source.uri ?? 'unknown.feature';
    errorsByUri.set(uri, [...(errorsByUri.get(uri) ?? []), line]);
  }
  const uris = [...new Set([...run.documents.keys(), ...errorsByUri.keys()])].sort();

  prepareOutDir(outDir, root);
  const domains = new Map<string, DomainSummary>();
  const usedSlugs = new Set<string>();
  for (const uri of uris) {
    const domain = domainOf(uri);
    const domainSlug = slugify(domain);
    let summary = domains.get(domainSlug);
    if (!summary) {
      summary = { domain: domainSlug, label: capitalise(domain), pages: [], problems: [], statuses: [] };
      domains.set(domainSlug, summary);
      mkdirSync(join(outDir, domainSlug), { recursive: true });
    }
    const slug = uniqueName(usedSlugs, `${domainSlug}/${slugify(featureFileStem(uri))}`);
    const page = renderFeaturePage({
      uri,
      document: run.documents.get(uri),
      parseErrors: errorsByUri.get(uri) ?? [],
      pickles: picklesByUri.get(uri) ?? [],
      model,
      serviceLink: serviceLink(options, domain),
      position: summary.pages.length + 1,
    });
    writeFileSync(join(outDir, `${slug}.md`), page.markdown);
    summary.pages.push({ title: page.title, link: `./${slug}.md` });
    summary.statuses.push(...page.statuses);
    for (const problem of page.problems) {
      summary.problems.push({ feature: page.title, scenario: problem.name, link: `./${slug}.md#${problem.id}`, status: problem.status });
    }
  }

  const sortedDomains = [...domains.values()].sort((a, b) => a.domain.localeCompare(b.domain));
  sortedDomains.forEach((summary, index) => {
    const category = { label: titleText(summary.label), position: index + 3 };
    writeFileSync(join(outDir, summary.domain, '_category_.json'), `${JSON.stringify(category, null, 2)}\n`);
  });
  const meta = readRunMeta(run, options.messagesPath, root);
  const overview = renderOverview({
    meta,
    query: run.query,
    messagesPath: options.messagesPath,
    messagesFound: run.messagesFound,
    unreadableLines: run.unreadableLines,
    domains: sortedDomains,
    title: options.title ?? 'Policy health',
    slug: options.slug ?? '/policies',
  });
  writeFileSync(join(outDir, 'index.md'), overview);
  writeFileSync(join(outDir, '_category_.json'), `${JSON.stringify({ label: options.title ?? 'Policy health', position: options.position ?? 5 }, null, 2)}\n`);
  writeFileSync(join(outDir, 'steps.md'), renderStepCatalogue(run.query, stepUsage(run.testCases), (uri) => serviceLink(options, /^steps\/([\w-]+)\.steps\.\w+$/.exec(uri)?.[1])));

  const statuses = sortedDomains.flatMap((summary) => summary.statuses);
  return {
    features: uris.length,
    scenarios: statuses.length,
    counts: countStatuses(statuses),
    messagesFound: run.messagesFound,
    runFinished: meta.finished,
    ms: performance.now() - began,
  };
}

/** The first folder under `features/` (or the first folder of the uri); `general` for top-level files. */
export function domainOf(uri: string): string {
  const folders = uri.split('/').slice(0, -1);
  const featuresIndex = folders.lastIndexOf('features');
  const domain = featuresIndex >= 0 ? folders[featuresIndex + 1] : folders[0];
  return domain ?? 'general';
}

function stepUsage(testCases: readonly { id: string; testSteps: readonly { stepDefinitionIds?: readonly string[] }[] }[]) {
  const usage = new Map<string, number>();
  for (const testCase of testCases) {
    const ids = new Set(testCase.testSteps.flatMap((step) => step.stepDefinitionIds ?? []));
    for (const id of ids) usage.set(id, (usage.get(id) ?? 0) + 1);
  }
  return usage;
}

/** Wipes the output folder, refusing folders that would take the project with them. */
function prepareOutDir(outDir: string, root: string): void {
  const holds = (dir: string, path: string) => path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
  if (holds(outDir, root) || holds(outDir, resolve(process.cwd()))) {
    throw new Error(`Refusing to wipe ${outDir}: it contains the project`);
  }
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The API page of a domain's service module, when the site documents that domain. */
function serviceLink(options: GenerateOptions, domain: string | undefined): string | undefined {
  if (!options.apiBase || !domain || !options.apiDomains?.includes(domain)) return undefined;
  return `${options.apiBase.replace(/\/$/, '')}/${domain}/${domain}.service`;
}
