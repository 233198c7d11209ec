// serve-handler, the static file handler `docusaurus serve` uses (a dependency of @docusaurus/core), ships no types:
// the part of its API docs/e2e/serve.ts uses.
declare module 'serve-handler' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  interface Options {
    public?: string;
    cleanUrls?: boolean;
    trailingSlash?: boolean;
    directoryListing?: boolean;
  }
  export default function handler(request: IncomingMessage, response: ServerResponse, options?: Options): Promise<void>;
}
