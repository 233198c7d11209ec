// What each Cucumber worker records for the code ↔ policy map. Kept apart from coverage-map.ts, which loads the
// TypeScript compiler: every policy run loads steps/support/coverage.ts, and most of them record nothing.

export const COVERAGE_PARTS_ENV = 'MARTBOOK_COVERAGE_PARTS';

/** file → [line, column] of each function that ran (line 1-based, column 0-based, in the TypeScript source). */
export type Positions = Record<string, [number, number][]>;

/** What one worker recorded: the project files it loaded, and per scenario (`uri:line`) the functions that ran. */
export interface CoveragePart {
  loaded: string[];
  scenarios: Record<string, Positions>;
}
