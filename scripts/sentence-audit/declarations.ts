// Declarations that an argument is irrelevant on purpose. They live in the feature, as a comment right above
// what they cover, so a reviewer sees the sentence and the reason in one diff:
//
//   # irrelevant "jam": the breaker counts calls and failures, whatever the customer typed
//   When a customer searches "Gangnam Fresh" for "jam" 10 times
//
// Above a step (or one row of a table or of examples) it covers that step or row; above a Scenario, Rule,
// Background, Examples or the Feature it covers every step inside. Several values may be named at once:
// `# irrelevant "jam", "mandarin": …`. The value is written as it reads in the sentence (quotes of a quoted
// name are optional).
//
// The same comment can declare a number a threshold where the sentence cannot say so (a table cell, a doc string):
//
//   # at least "10": the breaker judges once it has seen its minimum of calls, and any more
//
// The number is then changed only in the direction that must fail (see thresholds.ts), never declared away.
import type { GherkinDocument } from '@cucumber/messages';
import type { Block } from './gherkin.ts';
import type { Bound } from './thresholds.ts';

export interface Declaration {
  /** What it declares: a value that does not matter, or a number the policy holds at and beyond. */
  kind: 'irrelevant' | Bound;
  /** The comment's line. */
  line: number;
  values: string[];
  reason: string;
  /** The lines it covers. */
  covers: Block;
}

export interface DeclarationProblem {
  line: number;
  message: string;
}

const DECLARATION = /^\s*#\s*(irrelevant|at least|at most)\b\s*(.*)$/;
const SHAPE = /^((?:"[^"]*"|[^\s,:"]+)(?:\s*,\s*(?:"[^"]*"|[^\s,:"]+))*)\s*:\s*(.+)$/;
const MIN_REASON = 20;

export function readDeclarations(
  document: GherkinDocument,
  blocks: Block[],
): { declarations: Declaration[]; problems: DeclarationProblem[] } {
  const declarations: Declaration[] = [];
  const problems: DeclarationProblem[] = [];
  for (const comment of document.comments) {
    const match = DECLARATION.exec(comment.text);
    if (!match) continue;
    const line = comment.location.line;
    const kind = match[1] as Declaration['kind'];
    const shape = SHAPE.exec(match[2]!.trim());
    if (!shape) {
      problems.push({ line, message: `a declaration reads: # ${kind} "value": the reason a new hire can read` });
      continue;
    }
    const reason = shape[2]!.trim();
    if (reason.length < MIN_REASON)
      problems.push({
        line,
        message: `the reason "${reason}" is too short to tell a new hire why the value does not matter`,
      });
    const values = [...shape[1]!.matchAll(/"([^"]*)"|([^\s,:"]+)/g)].map((m) => m[1] ?? m[2]!);
    const next = blocks.filter((b) => b.start > line).sort((a, b) => a.start - b.start || b.end - a.end)[0];
    if (!next) {
      problems.push({
        line,
        message: 'a declaration must stand right above the step, row, scenario or rule it covers',
      });
      continue;
    }
    declarations.push({ kind, line, values, reason, covers: next });
  }
  return { declarations, problems };
}

/**
 * The declaration of a kind (if any) covering a value on a line: the nearest one, so a step's own wins over its
 * rule's.
 */
export function declarationFor(
  declarations: Declaration[],
  line: number,
  value: string,
  kinds: readonly Declaration['kind'][] = ['irrelevant'],
): Declaration | undefined {
  const unquoted = value.replace(/^"(.*)"$/, '$1');
  return declarations
    .filter((d) => kinds.includes(d.kind) && d.covers.start <= line && line <= d.covers.end)
    .filter((d) => d.values.includes(unquoted))
    .sort((a, b) => b.covers.start - a.covers.start)[0];
}
