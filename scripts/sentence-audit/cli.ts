// npm run test:sentences [-- <features or folders>] [--changed <git-ref>] [--parallel <n>] [--verbose]
//   [--json <file>] [--book <folder> --import <support files>… --scratch <folder>] (the last three for other books)
// Exits 1 while any survivor is unresolved, a declaration is stale, or a scenario fails unchanged.
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { UnknownRef } from '../changes.ts';
import { audit } from './audit.ts';
import { consoleReport, failures, writeJson } from './report.ts';

/** The command on its arguments: prints its report through `log` (a usage error through `warn`), answers its exit code. */
export async function main(argv: string[], log = console.log, warn = console.error): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
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

  let result;
  try {
    result = await audit({
      paths: positionals.length > 0 ? positionals : undefined,
      changedSince: values.changed,
      parallel: values.parallel === undefined ? undefined : Number(values.parallel),
      book: values.book,
      importPaths: values.import,
      scratch: values.scratch,
      // The report this run replaces: where its changes were killed orders this run's tries (never its verdicts).
      history: values.json,
    });
  } catch (error) {
    if (!(error instanceof UnknownRef)) throw error;
    warn(`test:sentences: --changed ${error.message}`);
    return 2;
  }
  log(consoleReport(result, values.verbose));
  writeJson(result, values.json);
  const problems = failures(result);
  if (problems.length > 0) {
    log(`\nThe sentence audit fails: ${problems.length} unresolved\n${problems.map((p) => `  ${p}`).join('\n')}`);
    log(
      'Resolve each: make the step use the word, reword the sentence, or declare it irrelevant on purpose (see README).',
    );
  }
  log(`Report: ${values.json}`);
  return problems.length > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
