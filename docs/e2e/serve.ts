import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import handler from 'serve-handler';

const BUILD = fileURLToPath(new URL('../build', import.meta.url));
/** The site's own settings as its last build wrote them (docs/.docusaurus), the ones `docusaurus serve` reads. */
const SITE_CONFIG = new URL('../.docusaurus/docusaurus.config.mjs', import.meta.url).href;

/**
 * The Playwright runner's global setup: serves the built site (docs/build) as `docusaurus serve` does, with the handler
 * it uses (serve-handler) and the options it passes (clean URLs, the site's trailing-slash setting, no directory
 * listing), in the runner itself. `docusaurus serve` spent 1.5–7 s starting (its command line and the site's config),
 * before any test could start; this starts in milliseconds. Returns the teardown that stops it.
 */
export default async function serveBuiltSite(): Promise<() => Promise<void>> {
  const { default: site } = (await import(SITE_CONFIG)) as { default: { baseUrl: string; trailingSlash?: boolean } };
  // docusaurus serve also redirects what lies outside a base URL other than "/"; this site has none.
  if (site.baseUrl !== '/') throw new Error(`The site's baseUrl is ${site.baseUrl}: serve.ts serves "/" only`);
  const serve = (request: IncomingMessage, response: ServerResponse) => {
    handler(request, response, {
      cleanUrls: true,
      public: BUILD,
      trailingSlash: site.trailingSlash,
      directoryListing: false,
    }).catch((error: Error) => response.destroy(error));
  };
  const server = createServer(serve);
  await new Promise<void>((resolve) =>
    server.listen(Number(process.env.MARTBOOK_SITE_TEST_PORT), '127.0.0.1', resolve),
  );
  return () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
