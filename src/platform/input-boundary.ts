import type { FastifyInstance } from 'fastify';
import { DomainError } from './errors.ts';

/**
 * The input boundary: no text reaches a service, a store or a gateway holding a control character or an
 * unpaired UTF-16 surrogate. Postgres refuses NUL in text (a 500 once a gateway had already acted) and stores
 * a lone surrogate as U+FFFD (so the same request sent again no longer matches itself). Refused with 400
 * `INVALID_CHARACTERS`, naming the field.
 *
 * Free text (JSON body and form fields) may hold tab, line feed and carriage return: a reason can span lines.
 * Ids, path segments, query parameters and headers may not: nothing the platform names contains them.
 */
export const INVALID_CHARACTERS = 'INVALID_CHARACTERS';

/** Any C0/C1 control character or DEL, or a surrogate not in a pair (`u` mode reads a pair as one code point). */
const STRICT = /\p{Cc}|\p{Cs}/u;
/** The same, but tab, line feed and carriage return pass. */
const FREE_TEXT = /(?![\t\n\r])\p{Cc}|\p{Cs}/u;

export type TextKind = 'free-text' | 'strict';

interface Offence {
  field: string;
  position: number;
  codePoint: string;
}

function offenceIn(field: string, text: string, kind: TextKind): Offence | undefined {
  const match = (kind === 'strict' ? STRICT : FREE_TEXT).exec(text);
  if (!match) return undefined;
  const codePoint = `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return { field: field.length > 200 ? `${field.slice(0, 200)}…` : field, position: match.index, codePoint };
}

/**
 * The first offending string in `value` (its keys and strings, at any depth), or undefined. The walk uses a
 * stack, not recursion, so deep nesting cannot overflow it; it visits each node once, so its cost is bounded
 * by the body limit.
 */
export function findInvalidCharacters(value: unknown, field: string, kind: TextKind): Offence | undefined {
  const pending: [unknown, string][] = [[value, field]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, path] = next;
    if (typeof node === 'string') {
      const offence = offenceIn(path || 'the input', node, kind);
      if (offence) return offence;
    } else if (Array.isArray(node)) {
      node.forEach((item, index) => pending.push([item, `${path}[${index}]`]));
    } else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) {
        const offence = offenceIn(`a key in ${path || 'the input'}`, key, 'strict');
        if (offence) return offence;
        pending.push([item, path ? `${path}.${key}` : key]);
      }
    }
  }
  return undefined;
}

/**
 * Throws 400 `INVALID_CHARACTERS` naming the field when `value` holds a character the platform refuses;
 * `field` prefixes the names of what is inside (`body` → `body.reason`; empty: `reason`).
 */
export function assertCleanInput(value: unknown, field: string, kind: TextKind = 'free-text'): void {
  const offence = findInvalidCharacters(value, field, kind);
  if (!offence) return;
  throw new DomainError(
    400,
    INVALID_CHARACTERS,
    `${offence.field} holds a control character or an unpaired surrogate (${offence.codePoint} at position ${offence.position}); remove it and send again.`,
    [offence],
  );
}

/**
 * Every route passes through here before its handler: path parameters, query, a JSON body and the
 * Idempotency-Key header. What a route parses further itself (multipart fields, JSON inside a form field)
 * goes through `parseInput`, which applies the same check.
 */
export function installInputBoundary(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    assertCleanInput(request.params, 'path', 'strict');
    assertCleanInput(request.query, 'query', 'strict');
    assertCleanInput(request.headers['idempotency-key'], 'Idempotency-Key header', 'strict');
    assertCleanInput(request.body, 'body');
  });
}
