// Cucumber profiles. TypeScript support code runs through tsx (NODE_OPTIONS=--import tsx, set by npm scripts).
// Piped (npm test prints a phase's output whole when it ends), the dots would be one pipe write per step for nobody.
const consoleFormat = process.stdout.isTTY ? 'progress-bar' : 'summary';
// MARTBOOK_COVERAGE=1: which functions each scenario ran, written beside the messages (scripts/coverage-map-formatter.ts).
const coverage = (dir) =>
  process.env.MARTBOOK_COVERAGE === '1' ? [`./scripts/coverage-map-formatter.ts:${dir}/coverage-map.json`] : [];

const common = {
  import: ['steps/support/**/*.ts', 'steps/**/*.steps.ts'],
  strict: true,
  format: [
    consoleFormat,
    'message:reports/cucumber-messages.ndjson',
    'html:reports/cucumber-report.html',
    'junit:reports/cucumber-junit.xml',
    ...coverage('reports'),
  ],
  formatOptions: { snippetInterface: 'async-await' },
};

/** The embedded default: PGlite and in-memory adapters, nothing to start. */
export default { ...common };

/** Real Postgres and Redis from DATABASE_URL / REDIS_URL (see scripts/test-real.sh). */
export const real = {
  ...common,
  format: [
    consoleFormat,
    'message:reports/real/cucumber-messages.ndjson',
    'html:reports/real/cucumber-report.html',
    'junit:reports/real/cucumber-junit.xml',
    ...coverage('reports/real'),
  ],
};
