// The search index (@easyops-cn/docusaurus-search-local) is built once the pages are written: the plugin parses every
// page's HTML (cheerio) into its title, headings and text, then indexes them (lunr). From run to run most pages read
// the same (the API pages, the guides, the policy pages but for their durations). Here the plugin's parse step keeps
// what it found for each page, keyed by the page's HTML, URL and the plugin's options, so only a page that changed
// is parsed again; the index is built as before from what every page reads, and is the same file. What was kept is
// in node_modules/.cache/martbook/search-pages.json: the pages of the last build only.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

/** What the plugin's parse step returns for a page (null for a page not to be indexed). */
type Parsed = unknown;
type Parse = (html: string, type: string, url: string, options: object) => Parsed;

// The module whose `parse` the plugin's scanDocuments calls, as `parse_1.parse(...)`, on each build.
const PARSE_MODULE = '@easyops-cn/docusaurus-search-local/dist/server/server/utils/parse.js';

/**
 * The page as the parse step reads it: bundled scripts and stylesheets are named by their content hash
 * (`/assets/js/main.6c061f78.js`), and every page names them, so each changes whenever one bundle does. The parse
 * step reads text, headings' anchors and meta tags, never these attributes; React escapes every `"` in text, so
 * `src="/assets/…"` is found in tags only.
 */
export function pageKey(html: string, type: string, url: string, options: object): string {
  const page = html.replace(/\b(src|href)="\/assets\/[^"]*"/g, '$1="/assets/"');
  return createHash('sha256')
    .update(JSON.stringify([type, url, options]))
    .update('\0')
    .update(page)
    .digest('base64url');
}

/**
 * Makes the search plugin keep what it parsed in `file` between builds. Returns false, and changes nothing, if the
 * plugin has no such parse step (another version): the index is then built as it always was.
 */
export function cacheSearchParsing(file: string): boolean {
  const require = createRequire(import.meta.url);
  let module: { parse?: Parse & { cached?: true } };
  try {
    module = require(PARSE_MODULE) as typeof module;
  } catch {
    return false;
  }
  const parse = module.parse;
  if (typeof parse !== 'function' || parse.length !== 4) return false;
  if (parse.cached) return true;
  const kept = new Map(Object.entries(readKept(file)));
  const used = new Map<string, Parsed>();
  const cached: Parse & { cached?: true } = (html, type, url, options) => {
    const key = pageKey(html, type, url, options);
    const parsed = kept.has(key) ? kept.get(key) : parse(html, type, url, options);
    used.set(key, parsed);
    return parsed;
  };
  cached.cached = true;
  module.parse = cached;
  // The plugin parses every page in one postBuild; the pages of this build are kept for the next once it is over.
  process.once('exit', () => {
    if (used.size === 0) return;
    // Written aside and renamed: a build reading it meanwhile (another worktree's) finds the old file or the new.
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.${process.pid}`, JSON.stringify(Object.fromEntries(used)));
    renameSync(`${file}.${process.pid}`, file);
  });
  return true;
}

/** What the last build kept; nothing when there is no such file or it cannot be read. */
function readKept(file: string): Record<string, Parsed> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, Parsed>;
  } catch {
    return {};
  }
}
