// Thresholds: a number the policy holds at *and beyond*, in one direction. "searches at least 10 times" promises
// the outcome for 10 searches and for any more; "11" would pass by design, so only the change that must fail is
// made. Deterministic, from the sentence's own words (or a `# at least "10": reason` declaration above a table
// or doc string, where the words cannot say it):
//
//   lower bound  — "at least N", "more than N", "no fewer than N", "no less than N", "N [times] or more"
//   upper bound  — "at most N", "up to N", "fewer than N", "less than N", "no more than N", "N [lines] or fewer",
//                  "N [seconds] or less"
//
// The words count in a When (an action: "a customer searches at least 10 times") and a Then (an outcome: "at most
// 6 statements ran"). In a Given they usually state a setting — "the platform allows at most 5 per line" — whose
// every change matters, so they do not count there; a declaration does.
//
// In a premise (a When, or a declared Given) the number moves out of what the words admit: a lower bound one
// down, an upper bound one up — the scenario must then fail. In an outcome (a Then) the claim moves to the
// stronger one: "at least 3 alerts" → "at least 4", "at most 3" → "at most 2" — the check must then fail.
import type { Change } from './operators.ts';

export type Bound = 'at least' | 'at most';

const LOWER_BEFORE = /\b(?:at least|more than|no fewer than|no less than)\s+"?$/i;
const UPPER_BEFORE = /\b(?:at most|up to|fewer than|less than|no more than)\s+"?$/i;
/** After the number, with one word between at most: "10 or more", "10 times or more". */
const LOWER_AFTER = /^"?(?:\s+[a-z]+)?\s+or more\b/i;
const UPPER_AFTER = /^"?(?:\s+[a-z]+)?\s+or (?:fewer|less)\b/i;

/** The bound a sentence's words put on the number written between `before` and `after`, if any. */
export function boundInWords(before: string, after: string): Bound | undefined {
  if (LOWER_BEFORE.test(before) || LOWER_AFTER.test(after)) return 'at least';
  if (UPPER_BEFORE.test(before) || UPPER_AFTER.test(after)) return 'at most';
  return undefined;
}

/**
 * The changes that test a threshold: of a number's one-up and one-down, the one that must fail. Other changes
 * (a swap, another status) pass through.
 */
export function thresholdChanges(changes: readonly Change[], bound: Bound, outcome: boolean): Change[] {
  const up = (bound === 'at least') === outcome;
  return changes.filter((change) => {
    const direction = /^([+-])1\b/.exec(change.operator)?.[1];
    return direction === undefined || direction === (up ? '+' : '-');
  });
}
