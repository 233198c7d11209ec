import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config, LoadContext, Plugin } from '@docusaurus/types';

/**
 * Two fixes the site needs:
 * - docusaurus-plugin-typedoc returns quietly when TypeDoc fails (a type error leaves no API pages and the
 *   build would go on without them); this plugin runs after it and fails the build instead.
 * - the root package.json says "type": "module", which makes the bundler read Docusaurus's generated route
 *   registry as strict ESM and leave its `require.resolveWeak` calls unbundled; those files are parsed as
 *   mixed modules instead.
 */
function martbookSite(context: LoadContext): Plugin {
  const apiOut = join(context.siteDir, 'content/api');
  return {
    name: 'martbook-site',
    configureWebpack() {
      return { module: { rules: [{ test: /[\\/]\.docusaurus[\\/].*\.js$/, type: 'javascript/auto' }] } };
    },
    async loadContent() {
      const pages = existsSync(apiOut) ? readdirSync(apiOut, { recursive: true }).filter((f) => String(f).endsWith('.md')) : [];
      if (pages.length === 0) {
        throw new Error('TypeDoc produced no API pages: see its errors above (docs/tsconfig.typedoc.json covers src/).');
      }
    },
  };
}

const config: Config = {
  title: 'martbook',
  tagline: 'The executable policy book of our grocery delivery platform',
  url: 'http://localhost',
  baseUrl: '/',
  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  onDuplicateRoutes: 'throw',
  trailingSlash: false,
  // Rspack, SWC and Lightning CSS: the site builds several times faster on our 2-core machines.
  future: { v4: true, faster: true },
  i18n: { defaultLocale: 'en', locales: ['en'] },
  markdown: {
    // .md files are CommonMark (generated pages never go through MDX); .mdx files are MDX.
    format: 'detect',
    mermaid: true,
    hooks: { onBrokenMarkdownLinks: 'throw' },
  },
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
        theme: { customCss: './src/css/custom.css' },
      },
    ],
  ],
  plugins: [
    [
      'docusaurus-plugin-typedoc',
      {
        // TypeDoc resolves paths from the working directory; anchor them to the site folder.
        tsconfig: join(__dirname, 'tsconfig.typedoc.json'),
        entryPoints: [join(__dirname, '../src')],
        entryPointStrategy: 'expand',
        exclude: ['**/*.sql'],
        out: join(__dirname, 'content/api'),
        readme: 'none',
        disableSources: true,
        treatWarningsAsErrors: true,
        excludePrivate: true,
        sidebar: { autoConfiguration: true },
      },
    ],
    martbookSite,
  ],
  themeConfig: {
    navbar: {
      title: 'martbook',
      items: [
        { to: '/', label: 'Start here', position: 'left' },
        { to: '/policies', label: 'Policies', position: 'left' },
        { to: '/incidents', label: 'Incidents', position: 'left' },
        { to: '/api', label: 'API', position: 'left' },
      ],
    },
    footer: { style: 'dark', copyright: 'martbook — generated from the last policy run' },
    mermaid: { theme: { light: 'neutral', dark: 'dark' } },
  },
};

export default config;
