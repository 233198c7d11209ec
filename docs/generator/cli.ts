// tsx docs/generator/cli.ts [--messages reports/cucumber-messages.ndjson] [--out docs/content/policies]
//   [--features <glob> …] [--root .] [--api-base /api] [--api-domains cart,catalog]
//   [--messages shard-2.ndjson …] [--history reports/history.jsonl] [--history-limit 20] [--no-history]
//   [--since <git ref>] [--no-changelog]
// A policy page links to every *.service.ts of its domain (service-links.ts); --api-domains limits which domains.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_FEATURE_GLOBS } from './load-features.ts';
import { generate } from './generate.ts';
import { contractLink } from '../../mocks/contract-pages.ts';
import { STATUSES } from './model.ts';

/** Writes the policy pages of a run, as `docs:generate` with these arguments. */
export function generatePolicyPages(args: string[]): void {
  const { values } = parseArgs({
    args,
    options: {
      // Several --messages: the shards of one run (cucumber-js --shard i/n), merged into one book.
      messages: { type: 'string', multiple: true, default: ['reports/cucumber-messages.ndjson'] },
      out: { type: 'string', default: 'docs/content/policies' },
      features: { type: 'string', multiple: true },
      root: { type: 'string', default: '.' },
      'api-base': { type: 'string', default: '/api' },
      'api-domains': { type: 'string' },
      // The run is added to this history (once per run id); pages show the last runs and what changed since.
      history: { type: 'string', default: 'reports/history.jsonl' },
      'history-limit': { type: 'string', default: '20' },
      'no-history': { type: 'boolean', default: false },
      // The changelog compares the features at this git ref (default: the last recorded run's commit, else HEAD~1).
      since: { type: 'string' },
      'no-changelog': { type: 'boolean', default: false },
      // Steps link to their code in this repository at the run's commit (else to pages of the site).
      'repo-url': { type: 'string', default: process.env.DOCS_REPO_URL },
    },
    strict: true,
  });

  const result = generate({
    messagesPath: values.messages,
    outDir: values.out,
    root: values.root,
    featureGlobs: values.features ?? DEFAULT_FEATURE_GLOBS,
    apiBase: values['api-base'],
    apiDomains: values['api-domains']
      ?.split(',')
      .map((domain) => domain.trim())
      .filter(Boolean),
    repoUrl: values['repo-url'] || undefined,
    contractLink: contractLink(),
    history: values['no-history'] ? undefined : { path: values.history, limit: Number(values['history-limit']) },
    changelog: values['no-changelog'] ? undefined : { since: values.since },
  });

  const counts = STATUSES.filter((status) => result.counts[status] > 0).map(
    (status) => `${result.counts[status]} ${status}`,
  );
  const note = !result.messagesFound
    ? ` — no messages at ${values.messages.join(', ')}, every scenario shown as not run`
    : result.runFinished
      ? ''
      : ' — the run did not finish';
  console.log(
    `Policy pages: ${result.features} features, ${result.scenarios} scenarios (${counts.join(', ') || 'none'}) → ${values.out} in ${Math.round(result.ms)} ms${note}`,
  );
  for (const domain of result.unlinkedDomains)
    console.warn(`Service code: the ${domain} policies link to none — src/${domain}/ holds no *.service.ts`);
  if (result.historyNote) console.log(result.historyNote);
  // With coverage-map.json beside the messages (MARTBOOK_COVERAGE=1): the code map, and the code each policy ran.
  console.log(result.codeMapNote ?? 'Code map: none — the run recorded no coverage (MARTBOOK_COVERAGE=1 records it)');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  generatePolicyPages(process.argv.slice(2));
