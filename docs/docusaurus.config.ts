import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config, LoadContext, Plugin, PluginConfig } from '@docusaurus/types';
import type { Compiler } from 'webpack';
import { themes as prismThemes } from 'prism-react-renderer';
import { parseFrontMatter } from './meta-description.ts';
import { withRunFrontMatter } from './run-front-matter.ts';
import { cacheSearchParsing } from './search-cache.ts';

/**
 * Copies the scenario lists the page generator wrote (`content/<section>/_data/scenarios.json`) to the URL each
 * names (`/data/policies.json`), where the overview's scenario filter reads them.
 */
function copyScenarioData(siteDir: string, outDir: string): void {
  const content = join(siteDir, 'content');
  for (const section of readdirSync(content)) {
    const file = join(content, section, '_data', 'scenarios.json');
    if (!existsSync(file)) continue;
    const { url } = JSON.parse(readFileSync(file, 'utf8')) as { url: string };
    const target = join(outDir, ...url.split('/').filter(Boolean));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
}

/**
 * Three fixes the site needs, and the search index's cache (search-cache.ts):
 * - docusaurus-plugin-typedoc returns quietly when TypeDoc fails (a warning, which counts as an error, leaves no API
 *   pages, and the build would go on without them); this plugin runs after it and fails the build instead.
 * - the root package.json says "type": "module". Under it, the server bundle renders every page empty (no
 *   server-rendered content, an empty search index), so the bundle's folder gets a package.json of its own
 *   (commonJsPackage);
 * - and the bundler reads Docusaurus's generated route registry as strict ESM and leaves its
 *   `require.resolveWeak` calls unbundled, so those files are parsed as mixed modules.
 */
/**
 * Emits a package.json that says "commonjs" with the server bundle, into its folder (build/__server). Written as an
 * asset of the bundle, not beforehand: Docusaurus empties the build folder while it makes the bundler's configuration,
 * and a file written then was now and then removed with it (or the removal failed: ENOTEMPTY).
 */
const commonJsPackage = {
  apply(compiler: Compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap('martbook-site', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'martbook-site', stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => compilation.emitAsset('package.json', new sources.RawSource('{ "type": "commonjs" }\n')),
      );
    });
  },
};

function martbookSite(context: LoadContext): Plugin {
  const apiOut = join(context.siteDir, 'content/api');
  // The search index parses again only the pages that changed since the last build (search-cache.ts).
  if (!cacheSearchParsing(join(context.siteDir, '../node_modules/.cache/martbook/search-pages.json'))) {
    console.warn('[martbook] the search plugin has no parse step to cache: every page is parsed (search-cache.ts)');
  }
  return {
    name: 'martbook-site',
    async loadContent() {
      const pages = existsSync(apiOut)
        ? readdirSync(apiOut, { recursive: true }).filter((f) => String(f).endsWith('.md'))
        : [];
      if (pages.length === 0) {
        throw new Error(
          'TypeDoc produced no API pages: see its errors above (docs/tsconfig.typedoc.json covers src/).',
        );
      }
    },
    configureWebpack(_config, isServer) {
      const rules = [{ test: /[\\/]\.docusaurus[\\/].*\.js$/, type: 'javascript/auto' }];
      // npm test's build is not minified: its scripts' names, hashed from their content as bundled, need not be
      // hashed again from the files written (Rspack's realContentHash, about 0.4 CPU-s).
      const optimization = PREBUILT ? { optimization: { realContentHash: false } } : {};
      // The server bundle's chunks are loaded with require(): they must not be read as ES modules.
      const plugins = isServer ? [commonJsPackage] : [];
      return { module: { rules }, plugins, ...optimization };
    },
    async postBuild({ outDir }) {
      copyScenarioData(context.siteDir, outDir);
    },
  };
}

// import.meta rather than __dirname: scripts/api-pages.ts imports this file as an ES module.
const SITE_DIR = fileURLToPath(new URL('.', import.meta.url));

/**
 * TypeDoc's API pages (docs/content/api), written by docusaurus-plugin-typedoc when the site is built — or beforehand
 * by scripts/api-pages.ts with these options: `npm test` writes them beside the policy run (they do not depend on
 * it) and builds the site with MARTBOOK_SITE_PARTS=prebuilt, so that TypeDoc does not run twice.
 * One page per module of src/ (`/api/refund/refund.store`): its classes, functions, types and their members are
 * sections of it, each heading with TypeDoc's own anchor, unique on the page (`### RefundStore {#api-refundstore}`,
 * `##### create() {#api-create}`), so a link names a member exactly (docs/generator/code-map.ts reads them). A page
 * per member made 345 of the site's 420 pages.
 */
const API_PAGES = {
  // TypeDoc resolves paths from the working directory; anchor them to the site folder.
  tsconfig: join(SITE_DIR, 'tsconfig.typedoc.json'),
  entryPoints: [join(SITE_DIR, '../src')],
  entryPointStrategy: 'expand',
  exclude: ['**/*.sql'],
  out: join(SITE_DIR, 'content/api'),
  name: 'API reference',
  readme: 'none',
  router: 'module',
  useCustomAnchors: true,
  // Docusaurus ids the other headings (`###### Parameters`, `###### martId`) from their text; the prefix keeps a
  // member's anchor (`{#api-martid}`) from ever being one of those (an identifier has no hyphen).
  anchorPrefix: 'api-',
  disableSources: true,
  // Type errors are the typecheck's to report (npm test runs it beside): TypeDoc need not check them again first
  // (about 3 of its 10 CPU-s).
  skipErrorChecking: true,
  treatWarningsAsErrors: true,
  excludePrivate: true,
  // What src/ re-exports of its libraries (`export type { Redis }` from ioredis: 920 KB of Markdown, a 4 MB
  // script for the page) and members inherited from them (Error's) are theirs to document, not ours.
  excludeExternals: true,
  sidebar: { autoConfiguration: true },
};

const typedocPlugin: PluginConfig = ['docusaurus-plugin-typedoc', API_PAGES];
/** npm test's build: the API pages were written beforehand (scripts/site-parts.ts). */
const PREBUILT = process.env.MARTBOOK_SITE_PARTS === 'prebuilt';

const config: Config = {
  title: 'martbook',
  tagline: 'The executable policy book of our grocery delivery platform',
  url: 'http://localhost',
  baseUrl: '/',
  favicon: 'img/favicon.svg',
  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  onDuplicateRoutes: 'throw',
  trailingSlash: false,
  future: {
    v4: true,
    // Docusaurus Faster (Rspack, SWC) builds the site several times faster on our 2-core machines. npm test's build
    // (MARTBOOK_SITE_PARTS=prebuilt) shares the 2 cores with other phases: there its ~170 pages render in the build's
    // own thread, since a pool of worker threads loads the server bundle once more per thread (about 1.5 CPU-s more).
    faster: { ssgWorkerThreads: !PREBUILT },
    // No page shows when it was last changed: the build need not read the git history of every file.
    experimental_vcs: false,
  },
  i18n: { defaultLocale: 'en', locales: ['en'] },
  markdown: {
    // .md files are CommonMark (generated pages never go through MDX); .mdx files are MDX.
    format: 'detect',
    // A page stating no description gets its first line of prose without Markdown escapes (TypeDoc's API pages);
    // a policy page gets its per-run fields from the file beside it (run-front-matter.ts).
    parseFrontMatter: withRunFrontMatter(parseFrontMatter),
    mermaid: true,
    hooks: { onBrokenMarkdownLinks: 'throw' },
  },
  // The search box closes when the route changes while it is open (src/search-box.js).
  clientModules: [join(SITE_DIR, 'src/search-box.js')],
  themes: [
    '@docusaurus/theme-mermaid',
    [
      '@easyops-cn/docusaurus-search-local',
      {
        hashed: true,
        language: ['en', 'ko'],
        indexDocs: true,
        indexBlog: false,
        indexPages: false,
        docsDir: 'content',
        docsRouteBasePath: '/',
        highlightSearchTermsOnTargetPage: true,
        searchResultLimits: 12,
        // The example run is a test fixture with deliberate failures, and the code pages repeat the step files:
        // neither belongs in answers to a reader's search.
        ignoreFiles: [/^example-run(\/|$)/, /^policies\/code\//],
      },
    ],
  ],
  presets: [
    [
      'classic',
      {
        docs: {
          path: 'content',
          routeBasePath: '/',
          sidebarPath: './sidebars.ts',
        },
        blog: false,
        theme: { customCss: ['./src/css/custom.css', './src/css/history.css'] },
      },
    ],
  ],
  plugins: [...(PREBUILT ? [] : [typedocPlugin]), martbookSite],
  themeConfig: {
    navbar: {
      title: 'martbook',
      items: [
        { to: '/', label: 'Start here', position: 'left' },
        { to: '/policies', label: 'Policies', position: 'left' },
        { to: '/incidents', label: 'Incidents', position: 'left' },
        { to: '/contracts', label: 'Contracts', position: 'left' },
        { to: '/api', label: 'API', position: 'left' },
      ],
    },
    footer: { style: 'dark', copyright: 'martbook — generated from the last policy run' },
    mermaid: { theme: { light: 'neutral', dark: 'dark' } },
    // A light code theme in the light site (custom.css raises its pale colours to WCAG AA), a dark one in the dark.
    prism: { theme: prismThemes.github, darkTheme: prismThemes.dracula },
  },
};

export default config;
