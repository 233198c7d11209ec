// tsx docs/generator/cli.ts [--messages reports/cucumber-messages.ndjson] [--out docs/content/policies]
//   [--features <glob> …] [--root .] [--api-base /api] [--api-domains cart,catalog]
// API links default to every domain with a service module (src/<domain>/<domain>.service.ts).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_FEATURE_GLOBS } from './load-features.ts';
import { generate } from './generate.ts';
import { STATUSES } from './model.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: 'reports/cucumber-messages.ndjson' },
    out: { type: 'string', default: 'docs/content/policies' },
    features: { type: 'string', multiple: true },
    root: { type: 'string', default: '.' },
    'api-base': { type: 'string', default: '/api' },
    'api-domains': { type: 'string' },
  },
  strict: true,
});

const result = generate({
  messagesPath: values.messages,
  outDir: values.out,
  root: values.root,
  featureGlobs: values.features ?? DEFAULT_FEATURE_GLOBS,
  apiBase: values['api-base'],
  apiDomains: values['api-domains']?.split(',').map((domain) => domain.trim()).filter(Boolean) ?? domainsWithServices(values.root),
});

const counts = STATUSES.filter((status) => result.counts[status] > 0).map((status) => `${result.counts[status]} ${status}`);
const note = !result.messagesFound
  ? ` — no messages at ${values.messages}, every scenario shown as not run`
  : result.runFinished
    ? ''
    : ' — the run did not finish';
console.log(
  `Policy pages: ${result.features} features, ${result.scenarios} scenarios (${counts.join(', ') || 'none'}) → ${values.out} in ${Math.round(result.ms)} ms${note}`,
);

function domainsWithServices(root: string): string[] {
  const src = join(root, 'src');
  if (!existsSync(src)) return [];
  return readdirSync(src).filter((domain) => existsSync(join(src, domain, `${domain}.service.ts`)));
}
