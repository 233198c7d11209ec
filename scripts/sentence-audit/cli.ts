// npm run test:sentences [-- <features or folders>] [--changed <git-ref>] [--parallel <n>] [--verbose]
//   [--json <file>] [--book <folder> --import <support files>… --scratch <folder>] (the last three for other books)
// Exits 1 while any survivor is unresolved, a declaration is stale, or a scenario fails unchanged.
import { parseArgs } from 'node:util';
import { UnknownRef } from '../changes.ts';
import { audit } from './audit.ts';
import { consoleReport, failures, writeJson } from './report.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    changed: { type: 'string' },
    parallel: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    json: { type: 'string', default: 'reports/sentences.json' },
    book: { type: 'string' },
    import: { type: 'string', multiple: true },
    scratch: { type: 'string' },
  },
});

const result = await audit({
  paths: positionals.length > 0 ? positionals : undefined,
  changedSince: values.changed,
  parallel: values.parallel === undefined ? undefined : Number(values.parallel),
  book: values.book,
  importPaths: values.import,
  scratch: values.scratch,
}).catch((error: unknown) => {
  if (!(error instanceof UnknownRef)) throw error;
  console.error(`test:sentences: --changed ${error.message}`);
  process.exit(2);
});
console.log(consoleReport(result, values.verbose));
writeJson(result, values.json);
const problems = failures(result);
if (problems.length > 0) {
  console.log(`\nThe sentence audit fails: ${problems.length} unresolved\n${problems.map((p) => `  ${p}`).join('\n')}`);
  console.log(
    'Resolve each: make the step use the word, reword the sentence, or declare it irrelevant on purpose (see README).',
  );
  process.exitCode = 1;
}
console.log(`Report: ${values.json}`);
