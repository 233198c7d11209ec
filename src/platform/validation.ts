import { z } from 'zod';
import { DomainError } from './errors.ts';
import { assertCleanInput } from './input-boundary.ts';

/** An `Idempotency-Key` header: optional, 8 to 200 characters. */
export const idempotencyKeyHeader = z.string().min(8).max(200).optional();

/**
 * Parses untrusted input; a mismatch becomes a 400 `VALIDATION_FAILED` naming each offending field. Text
 * holding a control character or an unpaired surrogate is refused first (400 `INVALID_CHARACTERS`): routes
 * parse multipart fields and JSON inside them here, beyond what the input boundary's hook sees.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  assertCleanInput(input, '');
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    field: issue.path.join('.') || '(body)',
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
  throw new DomainError(400, 'VALIDATION_FAILED', `The request is not valid — ${summary}`, issues);
}
