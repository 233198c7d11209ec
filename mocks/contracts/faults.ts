import { http, HttpResponse, type RequestHandler } from 'msw';
import { faultHeader } from './enforcement.ts';

/** Makes a vendor misbehave: the handlers a Given step installs (`server.use(...slack.faults.rateLimited())`). */
export type FaultMaker<Options = void> = (options?: Options) => RequestHandler[];

/** A named way a vendor misbehaves, with what happens (the vendor's `faultModes`, shown on its contract page). */
export type FaultMode<Options = void> = FaultMaker<Options> & { description: string };

type Described<Maker> =
  Maker extends FaultMaker<infer Options> ? (Parameters<Maker> extends [] ? FaultMode : FaultMode<Options>) : never;

/**
 * A vendor's fault modes: each maker with its description from the vendor's `faultModes` (`<vendor>/contract.ts`,
 * which the site reads without MSW). Every description needs a maker, and every maker a description.
 */
export function describeFaults<
  Descriptions extends Record<string, string>,
  Makers extends { [Name in keyof Descriptions]: FaultMaker<never> },
>(
  descriptions: Descriptions,
  makers: Makers & Record<Exclude<keyof Makers, keyof Descriptions>, never>,
): { [Name in keyof Makers]: Described<Makers[Name]> } {
  const modes = Object.entries(makers).map(([name, make]) => [
    name,
    Object.assign(make, { description: descriptions[name] }),
  ]);
  return Object.fromEntries(modes) as { [Name in keyof Makers]: Described<Makers[Name]> };
}

/** Headers every fault response carries, so contract enforcement knows the breakage is on purpose. */
export const faultHeaders = (name: string, headers: Record<string, string> = {}): Record<string, string> => ({
  [faultHeader]: name,
  ...headers,
});

const heldRequests = new Set<() => void>();

/** Lets every request a `slow` fault is holding go (they answer 504); vendor resets call it after each scenario. */
export function releaseSlowRequests(): void {
  for (const release of heldRequests) release();
  heldRequests.clear();
}

/** Resolves when the client aborts the request (its timeout fired) or `releaseSlowRequests` runs. Never sleeps. */
function held(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const release = (): void => {
      heldRequests.delete(release);
      resolve();
    };
    heldRequests.add(release);
    if (signal.aborted) release();
    else signal.addEventListener('abort', release, { once: true });
  });
}

/** The faults every HTTP vendor can show, for every request under its base URL (described in `commonFaultModes`). */
export function commonFaults(
  baseUrl: string,
  bodies: { down: () => Response; rateLimited: (headers: Record<string, string>) => Response },
) {
  const everything = `${baseUrl}/*`;
  return {
    down: () => [http.all(everything, () => withFault(bodies.down(), 'down'))],
    slow: () => [
      http.all(everything, async ({ request }) => {
        await held(request.signal);
        return new HttpResponse(null, { status: 504, headers: faultHeaders('slow') });
      }),
    ],
    networkError: () => [http.all(everything, () => HttpResponse.error())],
    rateLimited: (options?: { retryAfterSeconds: number }) => [
      http.all(everything, () =>
        bodies.rateLimited(faultHeaders('rateLimited', { 'Retry-After': String(options?.retryAfterSeconds ?? 30) })),
      ),
    ],
    malformedBody: () => [
      http.all(
        everything,
        () =>
          new HttpResponse('{"code":0,"respon', {
            status: 200,
            headers: faultHeaders('malformedBody', { 'Content-Type': 'application/json' }),
          }),
      ),
    ],
  };
}

/** Marks a vendor-built response as coming from a fault mode. */
export function withFault(response: Response, name: string): Response {
  response.headers.set(faultHeader, name);
  return response;
}
