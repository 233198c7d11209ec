// The cells of a history strip from its compact form, without React, so that the page generator's unit tests read
// them as the site renders them. A strip's `runs` is one token per run, oldest first: the status, then `/<attempts>`
// when it took more than one (`passed failed not-run passed/2`); the run labels are the page's front matter
// `history_runs` (an array, the same for every strip of the page).
const LETTERS = {
  passed: 'P',
  failed: 'F',
  ambiguous: 'A',
  undefined: 'N',
  pending: 'N',
  skipped: 'S',
  unknown: '?',
  'not-run': '–',
} as const;
const WORDS: Record<string, string> = {
  passed: 'passed',
  failed: 'failed',
  ambiguous: 'ambiguous',
  undefined: 'not implemented (undefined)',
  pending: 'not implemented (pending)',
  skipped: 'skipped',
  unknown: 'unknown (did not finish)',
  'not-run': 'did not run',
};

/** A run's letter in a strip and in the page's legend ('' for a status the strip does not know). */
export function historyLetter(outcome: string): string {
  return Object.hasOwn(LETTERS, outcome) ? LETTERS[outcome as keyof typeof LETTERS] : '';
}

export interface HistoryCell {
  outcome: string;
  letter: string;
  label: string;
}

/** One cell per run, oldest first. */
export function historyCells(runs: string, runLabels: readonly string[]): HistoryCell[] {
  return runs
    .split(' ')
    .filter(Boolean)
    .map((token, index) => {
      const [outcome = '', attempts] = token.split('/');
      const retried = attempts ? ` after ${attempts} attempts` : '';
      return {
        outcome,
        letter: historyLetter(outcome),
        label: `${WORDS[outcome] ?? outcome}${retried} — ${runLabels[index] ?? ''}`,
      };
    });
}

/** The strip's own accessible name. */
export function historyName(of: string, count: number): string {
  return `This ${of} in the last ${count} runs, oldest first`;
}
