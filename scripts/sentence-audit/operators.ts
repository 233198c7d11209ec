/**
 * Sentence mutation operators: pure, deterministic functions from one argument as written in a feature to the
 * small family of one-word changes the audit tries. Each change keeps the argument's shape (a number stays a
 * number written the same way, a quoted name stays a quoted name), so the changed sentence still reads as
 * policy and still matches its step definition.
 */

export interface Change {
  /** What kind of change, as the report shows it: `+1`, `-1`, `swap`, `other choice`. */
  operator: string;
  /** The argument as it reads after the change. */
  text: string;
  /** Other values to try in turn while the change leaves the sentence true (see `choiceChange`). */
  fallbacks?: string[];
}

const INTEGER = /^-?\d+$/;
const AMOUNT = /^\d{1,3}(?:,\d{3})+$/;

/** A whole number one up and one down (0 goes to 1 only; 1 down is 0): `9` → `10`, `8`. */
export function integerChanges(text: string): Change[] {
  const value = Number(text);
  const changes = [{ operator: '+1', text: String(value + 1) }];
  if (value > 0 || text.startsWith('-')) changes.push({ operator: '-1', text: String(value - 1) });
  return changes;
}

/** A won amount one won up and one down, written as it was: `2,900` → `2,901`, `2,899`. */
export function amountChanges(text: string): Change[] {
  const grouped = text.includes(',');
  const write = (value: number) => (grouped ? value.toLocaleString('en-US') : String(value));
  return integerChanges(text.replaceAll(',', '')).map((change) => ({ ...change, text: write(Number(change.text)) }));
}

/** Each count in a span of time one up and one down, singular or plural as English wants it. */
export function durationChanges(text: string): Change[] {
  const changes: Change[] = [];
  for (const match of text.matchAll(/(\d+) (day|hour|minute|second)s?/g)) {
    const [whole, count, unit] = match;
    for (const change of integerChanges(count!)) {
      const rewritten = `${change.text} ${unit}${change.text === '1' ? '' : 's'}`;
      changes.push({
        operator: change.operator,
        text: text.slice(0, match.index) + rewritten + text.slice(match.index + whole.length),
      });
    }
  }
  return changes;
}

/** A position one up and one down: `51st` → `52nd`, `50th`. */
export function ordinalChanges(text: string): Change[] {
  return integerChanges(String(Number.parseInt(text, 10))).map((change) => ({
    ...change,
    text: ordinal(Number(change.text)),
  }));
}

export function ordinal(value: number): string {
  const tens = value % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][value % 10] ?? 'th');
  return `${value}${suffix}`;
}

/**
 * Every standalone number inside free text, one at a time, one up and one down: `10 by instance 1` →
 * `11 by instance 1`, `9 by instance 1`, `10 by instance 2`, `10 by instance 0`. Digits glued to letters
 * (`1L`, `1kg`) are part of a name, not a count, and stay.
 */
export function numbersInTextChanges(text: string): Change[] {
  const changes: Change[] = [];
  for (const match of text.matchAll(
    /(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w.,]?\d)|(?<![\w.,])\d+(?![\w.,]?\d|[A-Za-z])/g,
  )) {
    const number = match[0];
    const ops = number.includes(',') ? amountChanges(number) : integerChanges(number);
    for (const change of ops) {
      changes.push({
        operator: `${change.operator} (${number})`,
        text: text.slice(0, match.index) + change.text + text.slice(match.index + number.length),
      });
    }
  }
  return changes;
}

/**
 * Another value of the same kind: the next one after `text` in the sorted pool, preferring values the same
 * feature uses, then the same domain, then the book. Deterministic: the same pools give the same swap.
 */
export function swapChange(text: string, pools: readonly (readonly string[])[]): Change[] {
  for (const pool of pools) {
    const others = [...new Set(pool)].filter((value) => value !== text).sort();
    if (others.length === 0) continue;
    const next = others.find((value) => value > text) ?? others[0]!;
    return [{ operator: 'swap', text: next }];
  }
  return [];
}

/** The alternatives a regular-expression step offers: `(open|closed|half-open)`, or none for a free pattern. */
export function literalAlternatives(regexpSource: string): string[] | undefined {
  if (!/^[^()[\]\\.*+?{}^$]+(?:\|[^()[\]\\.*+?{}^$|]+)+$/.test(regexpSource)) return undefined;
  return regexpSource.split('|');
}

/**
 * The other choice of a closed set: `yes` ↔ `no`, `open` → `closed`; the next one first (as `swapChange` picks
 * it), the rest as fallbacks in the same order. A choice can leave a sentence true by chance — "asked for a
 * payment 1 time" where the token was asked for once as well — so the audit tries the next choice while the
 * sentence still passes; only when every other choice passes does the word prove nothing.
 */
export function choiceChange(text: string, choices: readonly string[]): Change[] {
  const others = [...new Set(choices)].filter((value) => value !== text).sort();
  if (others.length === 0) return [];
  const next = Math.max(
    0,
    others.findIndex((value) => value > text),
  );
  const [first, ...rest] = [...others.slice(next), ...others.slice(0, next)];
  return [{ operator: 'other choice', text: first!, ...(rest.length > 0 ? { fallbacks: rest } : {}) }];
}

/** The changes for a data-table cell or an example cell whose kind only its text tells. */
export function cellChanges(text: string, pools: readonly (readonly string[])[]): Change[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (INTEGER.test(trimmed)) return integerChanges(trimmed);
  if (AMOUNT.test(trimmed)) return amountChanges(trimmed);
  if (trimmed === 'yes' || trimmed === 'no') return choiceChange(trimmed, ['yes', 'no']);
  return [...swapChange(trimmed, pools), ...numbersInTextChanges(trimmed).slice(0, 1)];
}
