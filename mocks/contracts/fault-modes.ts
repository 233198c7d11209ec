/** What the fault modes every HTTP vendor has do (`commonFaults` in faults.ts makes them). */
export const commonFaultModes = {
  down: 'The vendor is down: every request is answered 503.',
  slow:
    'The vendor hangs: a request is answered only after the client gives up (its timeout aborts it), so a ' +
    'scenario proves its timeout without waiting in real time.',
  networkError: 'The connection fails before any answer (DNS, reset, TLS).',
  rateLimited: 'The vendor is over its rate limit: 429 with Retry-After (30 seconds unless told).',
  malformedBody: 'The vendor answers 200 with a body cut off mid-JSON.',
};
