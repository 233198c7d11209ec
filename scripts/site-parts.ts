// `tsx scripts/site-parts.ts`: the site's pages that do not depend on the policy run — TypeDoc's API pages
// (docs/content/api) and the example run (docs/content/example-run). `npm test` writes them beside the policy run,
// then builds the rest of the site with MARTBOOK_SITE_PARTS=prebuilt (scripts/docs-build.sh). A part whose input
// files hash as they did when it was last written, and whose output is still the one written then, is kept
// (scripts/site-parts-cache.ts); each part says which it did and why.
import { join } from 'node:path';
import { type PartInputs, hashInputs, recordInputs, verdict } from './site-parts-cache.ts';

interface SitePart {
  name: string;
  out: string;
  /** What it is built from, in words, for the line that says it was kept. */
  from: string;
  inputs: PartInputs;
  write: () => Promise<void>;
}

const PARTS: readonly SitePart[] = [
  {
    name: 'API pages',
    // API_PAGES.out in docs/docusaurus.config.ts.
    out: 'docs/content/api',
    from: 'src/, the TypeScript and TypeDoc configurations, the site config, package.json and the lockfile',
    inputs: {
      modules: ['scripts/api-pages.ts'],
      folders: ['src'],
      files: ['tsconfig.json', 'docs/tsconfig.typedoc.json', 'package.json', 'package-lock.json'],
    },
    // Loaded only to write them: TypeDoc and the site's config take a while to load.
    write: async () => (await import('./api-pages.ts')).writeApiPages(),
  },
  {
    name: 'Example run',
    out: 'docs/content/example-run',
    from: 'the page generator, the stress fixture, package.json and the lockfile',
    inputs: {
      modules: ['docs/generator/stress-fixture.ts'],
      folders: ['docs/generator/test/fixtures'],
      files: ['package.json', 'package-lock.json'],
    },
    write: async () =>
      (await import('../docs/generator/stress-fixture.ts')).writeExampleRun('docs/content/example-run'),
  },
];

const CACHE = 'node_modules/.cache/martbook/site-parts';

for (const part of PARTS) {
  const recordFile = join(CACHE, `${part.out.replaceAll('/', '-')}.json`);
  const inputs = hashInputs('.', part.inputs);
  const { fresh, reason } = verdict(recordFile, part.out, inputs);
  if (fresh) {
    console.log(`${part.name}: kept ${part.out} — ${reason} (${part.from})`);
    continue;
  }
  console.log(`${part.name}: writing ${part.out} — ${reason}`);
  await part.write();
  recordInputs(recordFile, part.out, inputs);
}
