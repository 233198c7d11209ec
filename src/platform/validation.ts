import { z } from 'zod';
import { DomainError } from './errors.ts';

/** An `Idempotency-Key` header: optional, 8 to 200 characters. */
export const idempotencyKeyHeader = z.string().min(8).max(200).optional();

/** Parses untrusted input; a mismatch becomes a 400 `VALIDATION_FAILED` naming each offending field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    field: issue.path.join('.') || '(body)',
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
  throw new DomainError(400, 'VALIDATION_FAILED', `The request is not valid — ${summary}`, issues);
}
