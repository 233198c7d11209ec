// Generates the policy pages: reads the run and the feature files, wipes the output folder and writes
// index.md, steps.md, and per domain a _category_.json and one page per feature.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { Pickle } from '@cucumber/messages';
import { inlineText, slugify, titleText } from './escape.ts';
import { DEFAULT_FEATURE_GLOBS, addUncoveredFeatures } from './load-features.ts';
import { readRunMeta } from './load-run.ts';
import { loadRuns } from './merge-runs.ts';
import { RunModel, type Status } from './model.ts';
import { renderFeaturePage } from './render-feature.ts';
import { countStatuses, renderOverview, renderStepCatalogue, type DomainSummary } from './render-overview.ts';
import { domainOf, featureFileStem, uniqueName } from './names.ts';
import { loadCodeMap } from './code-map.ts';
import { renderCodeRunSection, writeCodeMapPages } from './render-code-map.ts';
import { CHANGELOG_PAGE, openBookHistory, type ChangelogOptions, type HistoryOptions } from './render-history.ts';
import { CodePages } from './render-code.ts';
import type { StepLinks } from './render-steps.ts';
import type { VendorCall } from './render-vendor-calls.ts';
import { writeScenarioData, type ScenarioEntry } from './scenario-data.ts';
import { serviceLinks } from './service-links.ts';
import { writePage } from './run-values.ts';
import { loadProof } from './proof.ts';
import { markSurvivors, renderFeatureProof, renderOverviewProof } from './render-proof.ts';

export interface GenerateOptions {
  /** One messages file, or several: the shards of one run (cucumber-js --shard), merged into one book. */
  messagesPath: string | readonly string[];
  outDir: string;
  /** The folder feature uris are relative to (where cucumber-js ran). */
  root?: string;
  featureGlobs?: readonly string[];
  /** Where the API reference lives: a policy page links to its domain's service modules there (service-links.ts). */
  apiBase?: string;
  /** Only these domains' pages link to their service code (default: every domain). */
  apiDomains?: readonly string[];
  /** The overview page's title and route (default: "Policy health" at /policies). */
  title?: string;
  slug?: string;
  /** The overview's place in the site's sidebar (default 5: after the hand-written onboarding pages). */
  position?: number;
  /** A repository web URL (`https://github.com/org/repo`): steps link to their code there, at the run's commit. */
  repoUrl?: string;
  /** The contract page section of a vendor call, when the site documents that vendor (an absolute site path). */
  contractLink?: (call: VendorCall) => string | undefined;
  /** A note on top of every page: the example run says it is a fixture. */
  banner?: string;
  /** Records this run in a history file and shows the last runs per scenario and Rule, and since the last run. */
  history?: HistoryOptions;
  /** Writes the changelog page: the features at a git ref against this run's. */
  changelog?: ChangelogOptions;
  /** The sentence audit's report (default `<root>/reports/sentences.json`; `false`: none): each page shows its proof. */
  sentencesReport?: string | false;
}

export interface GenerateResult {
  features: number;
  scenarios: number;
  counts: Record<Status, number>;
  messagesFound: boolean;
  runFinished: boolean;
  ms: number;
  /** What the history and the changelog hold, in one line (when asked for). */
  historyNote?: string;
  /** What the code map holds, in one line, when the run recorded coverage (MARTBOOK_COVERAGE=1). */
  codeMapNote?: string;
  /** Domains with policy pages that link to no service code: src/<domain>/ holds no *.service.ts (with apiBase). */
  unlinkedDomains: string[];
}

export function generate(options: GenerateOptions): GenerateResult {
  const began = performance.now();
  const root = resolve(options.root ?? process.cwd());
  const outDir = resolve(options.outDir);
  const messagesPaths = [options.messagesPath].flat();
  const run = loadRuns(messagesPaths);
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
  const meta = readRunMeta(run, messagesPaths[0] ?? '', root);
  const proof =
    options.sentencesReport === false
      ? undefined
      : loadProof(options.sentencesReport ?? join(root, 'reports', 'sentences.json'), root);
  const book = openBookHistory(run, model, meta, root, {
    ...options,
    featureGlobs: options.featureGlobs ?? DEFAULT_FEATURE_GLOBS,
  });
  const code = new CodePages(
    root,
    options.repoUrl && meta.commit ? { url: options.repoUrl, commit: meta.commit } : undefined,
  );
  /** Links for a page `depth` folders below outDir. */
  const linksAt = (depth: number): StepLinks => ({
    source: (source) => code.link(source)?.replace(/^code\//, `${depth === 0 ? './' : '../'.repeat(depth)}code/`),
    contract: (call) => options.contractLink?.(call),
  });
  // Page names first: the code map links to the pages by them.
  const usedSlugs = new Set<string>();
  const slugs = new Map(
    uris.map((uri) => [uri, uniqueName(usedSlugs, `${slugify(domainOf(uri))}/${slugify(featureFileStem(uri))}`)]),
  );
  const codeMap = loadCodeMap(run, {
    apiBase: options.apiBase,
    apiDir: join(outDir, '..', 'api'),
    pageOf: (uri) => (slugs.has(uri) ? `${slugs.get(uri)}.md` : undefined),
  });
  // Each domain's service modules, found once (a walk of src/<domain>/) for all its pages and step files.
  const linksByDomain = new Map<string, ReturnType<typeof serviceLinks>>();
  const serviceLinksOf = (domain: string | undefined) => {
    if (domain === undefined) return [];
    let links = linksByDomain.get(domain);
    if (!links) linksByDomain.set(domain, (links = serviceLinks(options, root, domain)));
    return links;
  };
  const entries: ScenarioEntry[] = [];
  const domains = new Map<string, DomainSummary>();
  const unlinkedDomains = new Set<string>();
  for (const uri of uris) {
    const domain = domainOf(uri);
    const codeLinks = serviceLinksOf(domain);
    if (options.apiBase && codeLinks.length === 0 && (options.apiDomains?.includes(domain) ?? true))
      unlinkedDomains.add(domain);
    const domainSlug = slugify(domain);
    let summary = domains.get(domainSlug);
    if (!summary) {
      summary = { domain: domainSlug, label: capitalise(domain), pages: [], problems: [], statuses: [] };
      domains.set(domainSlug, summary);
      mkdirSync(join(outDir, domainSlug), { recursive: true });
    }
    const slug = slugs.get(uri) ?? '';
    const annotations = markSurvivors(
      book?.forPage(uri, slug, run.documents.get(uri)?.feature?.name.trim() || featureFileStem(uri)),
      proof,
      uri,
    );
    const page = renderFeaturePage({
      uri,
      document: run.documents.get(uri),
      parseErrors: errorsByUri.get(uri) ?? [],
      pickles: picklesByUri.get(uri) ?? [],
      model,
      serviceLinks: codeLinks,
      position: summary.pages.length + 1,
      links: linksAt(1),
      banner: options.banner,
      annotations,
      codeSection: codeMap?.map.features.includes(uri) ? renderCodeRunSection(codeMap, uri) : undefined,
    });
    const proofSection = proof ? renderFeatureProof(proof, uri, page.scenarios) : '';
    writePage(join(outDir, `${slug}.md`), page.markdown + proofSection, { history_runs: annotations?.runLabels() });
    for (const scenario of page.scenarios)
      entries.push({ ...scenario, feature: page.title, domain: summary.label, page: `${slug}.md` });
    summary.pages.push({ title: page.title, link: `./${slug}.md` });
    summary.statuses.push(...page.statuses);
    for (const problem of page.problems) {
      summary.problems.push({
        feature: page.title,
        scenario: problem.name,
        link: `./${slug}.md#${problem.id}`,
        status: problem.status,
      });
    }
  }

  const sortedDomains = [...domains.values()].sort((a, b) => a.domain.localeCompare(b.domain));
  sortedDomains.forEach((summary, index) => {
    const category = { label: titleText(summary.label), position: index + 3 };
    writeFileSync(join(outDir, summary.domain, '_category_.json'), `${JSON.stringify(category, null, 2)}\n`);
  });
  const overview = renderOverview({
    meta,
    query: run.query,
    messagesPath: messagesPaths.join(', '),
    messagesFound: run.messagesFound,
    unreadableLines: run.unreadableLines,
    domains: sortedDomains,
    title: options.title ?? 'Policy health',
    slug: options.slug ?? '/policies',
    banner: options.banner,
    links: linksAt(0),
    sinceLastRun: book?.sinceLastRun(),
  });
  const changelog = book?.changelogPage();
  if (changelog) writePage(join(outDir, `${CHANGELOG_PAGE}.md`), withBanner(changelog, options.banner));
  writePage(join(outDir, 'index.md'), overview + (proof ? renderOverviewProof(proof, sortedDomains) : ''));
  writeFileSync(
    join(outDir, '_category_.json'),
    `${JSON.stringify({ label: options.title ?? 'Policy health', position: options.position ?? 5 }, null, 2)}\n`,
  );
  const stepDomain = (uri: string) => /^steps\/([\w-]+)\.steps\.\w+$/.exec(uri)?.[1];
  writeFileSync(
    join(outDir, 'steps.md'),
    renderStepCatalogue(
      run.query,
      stepUsage(run.testCases),
      (uri) => serviceLinksOf(stepDomain(uri))[0]?.link,
      linksAt(0),
      options.banner,
    ),
  );
  code.write(outDir, (page) => withBanner(page, options.banner));
  const codeMapNote = codeMap && writeCodeMapPages(codeMap, outDir);
  writeScenarioData(outDir, options.slug ?? '/policies', entries);

  const statuses = sortedDomains.flatMap((summary) => summary.statuses);
  return {
    features: uris.length,
    scenarios: statuses.length,
    counts: countStatuses(statuses),
    messagesFound: run.messagesFound,
    runFinished: meta.finished,
    ms: performance.now() - began,
    historyNote: book?.summary(),
    codeMapNote,
    unlinkedDomains: [...unlinkedDomains].sort(),
  };
}

function stepUsage(
  testCases: readonly { id: string; testSteps: readonly { stepDefinitionIds?: readonly string[] }[] }[],
) {
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

/** The page with the banner (an admonition) under its title, when there is one. */
function withBanner(markdown: string, banner: string | undefined): string {
  return banner
    ? markdown.replace(/^# .*$/m, (title) => `${title}\n\n:::caution[Example only]\n\n${inlineText(banner)}\n\n:::`)
    : markdown;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
