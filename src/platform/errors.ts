/**
 * A refusal the platform gives on purpose. Every one has a stable machine `code` (what clients and scenarios
 * match on) and a human `message`; the HTTP layer turns it into `{ error: { code, message, details? } }`.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (code: string, message: string) => new DomainError(404, code, message);
export const conflict = (code: string, message: string, details?: unknown) =>
  new DomainError(409, code, message, details);
export const unprocessable = (code: string, message: string, details?: unknown) =>
  new DomainError(422, code, message, details);
