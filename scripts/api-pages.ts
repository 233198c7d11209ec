// TypeDoc's API pages (docs/content/api), written by docusaurus-plugin-typedoc with the options the site's config
// gives it, outside a Docusaurus build. `npm test` writes them beside the policy run (they do not depend on it;
// scripts/site-parts.ts), then builds the site with MARTBOOK_SITE_PARTS=prebuilt so TypeDoc does not run twice.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PluginOptions } from '@docusaurus/types';
import typedocPlugin from 'docusaurus-plugin-typedoc';
import config from '../docs/docusaurus.config.ts';

const entry = config.plugins?.find(
  (plugin): plugin is [string, PluginOptions] => Array.isArray(plugin) && plugin[0] === 'docusaurus-plugin-typedoc',
);
// Docusaurus types a plugin's options loosely; these are the ones the config gives docusaurus-plugin-typedoc.
const options = entry?.[1] as Parameters<typeof typedocPlugin>[1] | undefined;

/** Writes the API pages; throws when TypeDoc wrote none. */
export async function writeApiPages(): Promise<void> {
  if (!options)
    throw new Error('docs/docusaurus.config.ts has no docusaurus-plugin-typedoc (MARTBOOK_SITE_PARTS set?)');
  const started = Date.now();
  // The plugin runs TypeDoc when it is set up; siteDir and the docs preset are all it reads of the context.
  await typedocPlugin({ siteDir: fileURLToPath(new URL('../docs', import.meta.url)), siteConfig: config }, options);
  // TypeDoc leaves the last pages in place when it fails (and says so only in its log): old pages are no pages.
  const index = join(String(options.out), 'index.md');
  if (!existsSync(index) || statSync(index).mtimeMs < started)
    throw new Error('TypeDoc produced no API pages: see its errors above (docs/tsconfig.typedoc.json covers src/).');
}
