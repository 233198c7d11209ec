// What changes on a policy page with every run although the page itself does not — the step and scenario durations,
// the labels of the runs its history strips show — is kept out of its Markdown, in a side file beside it
// (`<page>.run.json`, written by docs/generator/run-values.ts), and added to its front matter here. The Markdown of
// a page whose policies ran as before then stays byte-identical from run to run, and the site's build takes its
// compiled page from Rspack's persistent cache instead of compiling it again (about 0.2 CPU-s a page).
// The site reads these fields from the doc's metadata (`useDoc().metadata.frontMatter`), which the docs plugin
// writes afresh on every build; the compiled page's own `frontMatter` export is cached with the page and may hold
// an earlier run's values.
import { existsSync, readFileSync } from 'node:fs';
import type { ParseFrontMatter } from '@docusaurus/types';

/** The side file of a page's per-run front matter. */
export function runFrontMatterPath(pagePath: string): string {
  return pagePath.replace(/\.mdx?$/, '.run.json');
}

/** The front matter parser `parse`, with the fields of the page's side file added (the side file's win). */
export function withRunFrontMatter(parse: ParseFrontMatter): ParseFrontMatter {
  return async (params) => {
    const parsed = await parse(params);
    const sideFile = runFrontMatterPath(params.filePath);
    if (!existsSync(sideFile)) return parsed;
    const fields = JSON.parse(readFileSync(sideFile, 'utf8')) as Record<string, unknown>;
    return { ...parsed, frontMatter: { ...parsed.frontMatter, ...fields } };
  };
}
