/** Redis or Postgres could not be reached at start: its message is one sentence that names what and where (no secrets). */
export class UnreachableAtStart extends Error {
  override name = 'UnreachableAtStart';
}

/** The reason a connection failed, as short as it can be said: the system's code (`ECONNREFUSED`) or the message. */
export function connectionFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error.message;
}
