import type { UnhandledRequestCallback } from 'msw';

/**
 * Remembers every request that no mock handler served. The request itself fails at once (as a network
 * error), and the scenario that made it fails afterwards with the list: a retry or fallback in the service
 * under test can never swallow a call to an unmocked vendor.
 */
export class UnhandledRequestGuard {
  #seen: string[] = [];

  readonly onUnhandledRequest: UnhandledRequestCallback = (request, print) => {
    this.#seen.push(`${request.method} ${request.url}`);
    print.error();
  };

  /** Throws if any request went unhandled since the last call, and starts a fresh list. */
  assertNoneSince(): void {
    const seen = this.#seen;
    this.#seen = [];
    if (seen.length > 0) {
      throw new Error(
        `${seen.length} request(s) reached no mock handler — add a handler in mocks/ or fix the URL:\n` +
          seen.map((s) => `  ${s}`).join('\n'),
      );
    }
  }
}
