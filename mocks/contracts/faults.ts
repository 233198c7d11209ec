import { http, HttpResponse, type RequestHandler } from 'msw';
import { faultHeader } from './enforcement.ts';

/** A named way a vendor misbehaves. A Given step installs it: `server.use(...slack.faults.rateLimited())`. */
export type FaultMode<Options = void> = ((options?: Options) => RequestHandler[]) & { description: string };

export function defineFault<Options = void>(
  description: string,
  make: (options?: Options) => RequestHandler[],
): FaultMode<Options> {
  return Object.assign(make, { description });
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

export interface CommonFaults {
  down: FaultMode;
  slow: FaultMode;
  networkError: FaultMode;
  rateLimited: FaultMode<{ retryAfterSeconds: number }>;
  malformedBody: FaultMode;
}

/** The faults every HTTP vendor can show, for every request under its base URL. */
export function commonFaults(
  baseUrl: string,
  bodies: { down: () => Response; rateLimited: (headers: Record<string, string>) => Response },
): CommonFaults {
  const everything = `${baseUrl}/*`;
  return {
    down: defineFault('The vendor is down: every request is answered 503.', () => [
      http.all(everything, () => withFault(bodies.down(), 'down')),
    ]),
    slow: defineFault(
      'The vendor hangs: a request is answered only after the client gives up (its timeout aborts it), so a ' +
        'scenario proves its timeout without waiting in real time.',
      () => [
        http.all(everything, async ({ request }) => {
          await held(request.signal);
          return new HttpResponse(null, { status: 504, headers: faultHeaders('slow') });
        }),
      ],
    ),
    networkError: defineFault('The connection fails before any answer (DNS, reset, TLS).', () => [
      http.all(everything, () => HttpResponse.error()),
    ]),
    rateLimited: defineFault<{ retryAfterSeconds: number }>(
      'The vendor is over its rate limit: 429 with Retry-After (30 seconds unless told).',
      (options) => [
        http.all(everything, () =>
          bodies.rateLimited(faultHeaders('rateLimited', { 'Retry-After': String(options?.retryAfterSeconds ?? 30) })),
        ),
      ],
    ),
    malformedBody: defineFault('The vendor answers 200 with a body cut off mid-JSON.', () => [
      http.all(
        everything,
        () =>
          new HttpResponse('{"code":0,"respon', {
            status: 200,
            headers: faultHeaders('malformedBody', { 'Content-Type': 'application/json' }),
          }),
      ),
    ]),
  };
}

/** Marks a vendor-built response as coming from a fault mode. */
export function withFault(response: Response, name: string): Response {
  response.headers.set(faultHeader, name);
  return response;
}
