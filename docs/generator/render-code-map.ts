// The code map's pages (<policies>/code-map/: an overview and one page per domain of src/) and the "code these
// policies ran" section of a policy page; generate.ts writes both from one CodeMap.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { frontMatter, inlineText, slugify } from './escape.ts';
import { functionsRunBy, type CodeMap, type FunctionView, type ModuleView, type PolicyRef } from './code-map.ts';

/** Past this many features, a function's policies are listed by feature only (its scenarios are on their pages). */
const FEATURES_WITH_SCENARIO_NAMES = 6;
const FOLDER = 'code-map';

/** Writes `<policiesDir>/code-map/`: index.md and one page per domain. Returns a line for the console. */
export function writeCodeMapPages(codeMap: CodeMap, policiesDir: string): string {
  const dir = join(policiesDir, FOLDER);
  mkdirSync(dir, { recursive: true });
  const domains = [...new Set(codeMap.modules.map((module) => module.domain))].sort();
  writeFileSync(join(dir, '_category_.json'), `${JSON.stringify({ label: 'Code map', position: 99 }, null, 2)}\n`);
  writeFileSync(join(dir, 'index.md'), renderIndex(codeMap, domains));
  domains.forEach((domain, index) => {
    const modules = codeMap.modules.filter((module) => module.domain === domain);
    writeFileSync(join(dir, `${slugify(domain)}.md`), renderDomain(codeMap, domain, modules, index + 1));
  });
  const shards = codeMap.shards > 1 ? ` from ${codeMap.shards} shards` : '';
  return `Code map: ${domains.length + 1} pages${shards}, ${codeMap.scenarioCount} scenarios → ${dir}`;
}

/** A policy page's last section: the modules and functions of src/ its scenarios ran, linked to the API reference. */
export function renderCodeRunSection(codeMap: CodeMap | undefined, featureUri: string): string {
  if (!codeMap) return '';
  const ran = functionsRunBy(codeMap, featureUri);
  const out = ['## Code these policies ran {#code-these-policies-ran}'];
  if (ran.length === 0) {
    out.push('*The last coverage run recorded no functions for these scenarios.*');
    return `\n${out.join('\n\n')}\n`;
  }
  out.push(
    `From the last coverage run (${inlineText(codeMap.map.createdAt.slice(0, 16).replace('T', ' '))} UTC). Functions every scenario runs (building the app) are left out; the [code map](../${FOLDER}/index.md) has them.`,
  );
  for (const { module, functions } of ran) {
    const items = functions.map(
      ({ fn, scenarios }) => `- ${functionLabel(fn)} — ${scenarios} scenario${scenarios === 1 ? '' : 's'}`,
    );
    out.push(
      `**${moduleLabel(module)}** · [code map](../${FOLDER}/${slugify(module.domain)}.md#${moduleId(module)})\n\n${items.join('\n')}`,
    );
  }
  return `\n${out.join('\n\n')}\n`;
}

function renderIndex(codeMap: CodeMap, domains: readonly string[]): string {
  const { map, modules, scenarioCount } = codeMap;
  const rows = domains.map((domain) => {
    const functions = modules.filter((module) => module.domain === domain).flatMap((module) => module.functions);
    const unrun = functions.filter((fn) => fn.exported && fn.policies.length === 0).length;
    return `| [${inlineText(domain)}](./${slugify(domain)}.md) | ${functions.length} | ${functions.filter((fn) => fn.policies.length > 0).length} | ${unrun} |`;
  });
  const unrun = modules.flatMap((module) =>
    module.functions.filter((fn) => fn.exported && fn.policies.length === 0).map((fn) => ({ module, fn })),
  );
  const out = [
    frontMatter({
      title: 'Code map',
      description: 'Which policies run each function of src/, and the exported functions no policy runs.',
      sidebar_position: 1,
    }),
    '# Code map',
    'Which policies run each function of `src/`: V8 coverage recorded per scenario during a policy run with ' +
      '`MARTBOOK_COVERAGE=1`. A function no policy runs is code no sentence of the book vouches for.',
    `Run of ${inlineText(map.createdAt.slice(0, 16).replace('T', ' '))} UTC · ${map.backend} · ${scenarioCount} scenarios` +
      `${map.commit ? ` · commit ${inlineText(map.commit.slice(0, 10))}` : ''}${map.complete ? '' : ' · a partial run: some policies did not run'}`,
    '| domain | functions | run by a policy | exported, run by none |\n| --- | --- | --- | --- |\n' + rows.join('\n'),
    '## Exported functions no policy runs {#unrun}',
    unrun.length === 0
      ? '*None: every exported function is run by at least one policy.*'
      : unrun
          .map(
            ({ module, fn }) =>
              `- ${functionLabel(fn)} in [${inlineText(module.module)}](./${slugify(module.domain)}.md#${moduleId(module)})`,
          )
          .join('\n'),
  ];
  return `${out.join('\n\n')}\n`;
}

function renderDomain(codeMap: CodeMap, domain: string, modules: readonly ModuleView[], position: number): string {
  const out = [
    frontMatter({
      title: domain,
      description: `The functions of src/${domain} and the policies whose scenarios run them.`,
      sidebar_position: position + 1,
    }),
    `# ${inlineText(domain)}: code and the policies that run it`,
  ];
  for (const module of modules) {
    const heading = `## ${inlineText(module.module)} {#${moduleId(module)}}`;
    const api = module.api ? ` · [API reference](<${module.api}>)` : '';
    const items = module.functions.map(
      (fn) => `- ${functionLabel(fn)} · line ${fn.line}${flag(fn)}${policyList(codeMap, fn)}`,
    );
    out.push(`${heading}\n\nSource: ${inlineText(module.file)}${api}\n\n${items.join('\n')}`);
  }
  return `${out.join('\n\n')}\n`;
}

function flag(fn: FunctionView): string {
  if (fn.policies.length > 0) return '';
  return fn.exported
    ? ' · <span class="code-map-unrun" data-testid="exported-unrun">exported, no policy runs it</span>'
    : ' · not run by any policy';
}

function policyList(codeMap: CodeMap, fn: FunctionView): string {
  if (fn.policies.length === 0) return '';
  if (fn.everywhere) return ` · every scenario (${codeMap.scenarioCount}) runs it`;
  const byFeature = new Map<string, PolicyRef[]>();
  for (const policy of fn.policies) byFeature.set(policy.feature, [...(byFeature.get(policy.feature) ?? []), policy]);
  const withNames = byFeature.size <= FEATURES_WITH_SCENARIO_NAMES;
  const lines = [...byFeature.values()].map((policies) => {
    const first = policies[0]!;
    // A map older than the pages may name a feature since removed: its name stays, without a link.
    const link = first.page ? `[${inlineText(first.featureName)}](../${first.page})` : inlineText(first.featureName);
    const names = [...new Set(policies.map((policy) => policy.scenario))];
    return withNames ? `  - ${link}: ${names.map(inlineText).join(' · ')}` : `  - ${link} (${policies.length})`;
  });
  return ` · ${fn.policies.length} scenario${fn.policies.length === 1 ? '' : 's'}\n${lines.join('\n')}`;
}

function functionLabel(fn: FunctionView): string {
  const name = `<code>${inlineText(fn.name)}</code>`;
  return fn.api ? `[${name}](<${fn.api}>)` : name;
}

function moduleLabel(module: ModuleView): string {
  return module.api ? `[${inlineText(module.module)}](<${module.api}>)` : inlineText(module.module);
}

function moduleId(module: ModuleView): string {
  return `module-${slugify(module.module)}`;
}
