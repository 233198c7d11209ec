import type { RequestHandler } from 'msw';

/**
 * A vendor's handler passes over a request to another vendor without looking at it. MSW tries the handlers in
 * turn, and each one it tries clones the request, matches its URL against the handler's path pattern (compiling
 * the pattern) and reads its cookies (tough-cookie parsing the host's public suffix): for a request to the last
 * vendor in the list, most of MSW's work on it. A handler whose path is an absolute URL with a plain origin (no
 * wildcard or parameter in it) answers at once that the request is not its own when it goes to another origin;
 * any other handler is left as it is.
 */
export function forItsOriginOnly<Handler extends RequestHandler>(handler: Handler): Handler {
  const path = (handler.info as { path?: unknown }).path;
  const origin = typeof path === 'string' ? /^(https?:\/\/[^/:*?#]+(?::\d+)?)(?:[/?#]|$)/.exec(path)?.[1] : undefined;
  if (!origin) return handler;
  const prefix = `${new URL(origin).origin}/`; // as a request's URL spells it: host in lower case, no default port
  const run = handler.run.bind(handler);
  handler.run = async (args) => (args.request.url.startsWith(prefix) ? run(args) : null);
  return handler;
}
