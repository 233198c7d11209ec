// `npm run test:affected -- --since <git-ref> [--map reports/coverage-map.json] [--list] [--changed <file[:line]> …]`
// Runs only the scenarios a change can break, from the code ↔ policy map the last full coverage run saved:
// those that ran a changed function (a change inside a function of src/), that cover a changed file (steps,
// drivers, mocks, or module-level code of src/), or whose feature changed. Falls back to the full run (which
// saves a fresh map) when the map is missing, partial or stale, and says which it did and why.
// --changed feeds a diff by hand instead of git's (file, or file:line for one changed line); --list only prints.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { changesSince, featureFiles, UnknownRef, type Change } from './changes.ts';
import { FunctionIndex, hashFile, readCoverageMap, type CoverageMap } from './coverage-map.ts';

export interface Selection {
  mode: 'affected' | 'full' | 'none';
  reason: string;
  /** Scenario ids (`features/x.feature:12`) and whole feature files (new ones), as cucumber-js paths. */
  paths: string[];
  /** Per changed file, what it selected and why. */
  notes: string[];
}

/** Files that shape every run: any change to them runs everything. */
const WHOLE_RUN_FILES = new Set(['package.json', 'package-lock.json', 'cucumber.mjs', 'tsconfig.json']);
const FEATURE = /^features\/.*\.feature$/;

export interface SelectOptions {
  root: string;
  mapPath?: string;
  /** The features the map must have run to speak for the project (default: every feature file). */
  features?: readonly string[];
}

/** The scenarios a change selects, or why the whole run is needed. */
export function selectScenarios(
  map: CoverageMap | undefined,
  changes: readonly Change[],
  options: SelectOptions,
): Selection {
  const { root, mapPath = 'the coverage map' } = options;
  const full = (reason: string): Selection => ({ mode: 'full', reason, paths: [], notes: [] });
  if (!map) return full(`no coverage map at ${mapPath} (a full run with MARTBOOK_COVERAGE=1 saves one)`);
  const changed = new Set(changes.map((change) => change.file));
  const unmapped = (options.features ?? featureFiles(root)).filter(
    (file) => !map.features.includes(file) && !changed.has(file),
  );
  if (!map.complete || unmapped.length > 0) {
    return full(
      `the map at ${mapPath} is from a partial run (${unmapped.length > 0 ? `${list(unmapped)} did not run` : 'filtered scenarios'}): it cannot speak for the scenarios that did not run`,
    );
  }
  const drifted = Object.entries(map.hashes)
    .filter(([file, hash]) => !changed.has(file) && hashFile(join(root, file)) !== hash)
    .map(([file]) => file);
  if (drifted.length > 0) {
    return full(
      `the map is stale: ${list(drifted)} changed since the map's run, but not since the ref — the map no longer describes this code`,
    );
  }

  const scenarios = Object.entries(map.scenarios);
  const selected = new Set<string>();
  const notes: string[] = [];
  const select = (file: string, ids: readonly string[], why: string) => {
    ids.forEach((id) => selected.add(id));
    notes.push(`${file}: ${why} → ${ids.length} scenario${ids.length === 1 ? '' : 's'}`);
  };
  for (const change of changes) {
    const { file } = change;
    if (WHOLE_RUN_FILES.has(file)) return full(`${file} changed: it shapes every run`);
    if (FEATURE.test(file)) {
      if (map.features.includes(file))
        select(
          file,
          scenarios.filter(([, s]) => s.feature === file).map(([id]) => id),
          'feature changed',
        );
      else if (existsSync(join(root, file))) {
        selected.add(file);
        notes.push(`${file}: a feature new to the map → all of it`);
      } else notes.push(`${file}: feature removed`);
      continue;
    }
    const covering = scenarios.filter(([, s]) => s.files.includes(file) || s.steps.includes(file)).map(([id]) => id);
    if (covering.length === 0) {
      if (map.loaded.includes(file))
        return full(`${file} changed: only its module-level code ran, which every scenario loads`);
      notes.push(`${file}: not loaded by any policy → nothing`);
      continue;
    }
    const functions = map.files[file]?.functions;
    if (!functions || change.lines === 'all' || !existsSync(join(root, file))) {
      select(file, covering, 'file changed');
      continue;
    }
    const index = FunctionIndex.ofFile(root, file);
    const owners = change.lines.map((line) => index.lineOwner(line));
    if (owners.includes('module'))
      return full(`${file} changed outside its functions: module-level code reaches every importer`);
    const names = [...new Set(owners.flatMap((owner) => (typeof owner === 'string' ? [] : [owner.function])))];
    if (names.length === 0) {
      notes.push(`${file}: only types, imports of types or comments changed → nothing`);
      continue;
    }
    for (const name of names) {
      const fn = functions.find((f) => f.name === name);
      if (fn)
        select(
          `${file}#${name}`,
          fn.scenarios,
          fn.scenarios.length > 0 ? 'function changed' : 'function changed, no policy runs it',
        );
      else notes.push(`${file}#${name}: new since the map; its callers' changes select their policies`);
    }
  }
  const paths = [...selected].sort();
  return paths.length === 0
    ? { mode: 'none', reason: 'no policy runs the changed code', paths, notes }
    : {
        mode: 'affected',
        reason: `${paths.length} of ${scenarios.length} scenarios run the changed code`,
        paths,
        notes,
      };
}

function list(files: readonly string[]): string {
  return files.length <= 3 ? files.join(', ') : `${files.slice(0, 3).join(', ')} and ${files.length - 3} more`;
}

/** `--changed src/x.ts:12` → a change of line 12; `--changed src/x.ts` → the whole file. */
function parseChanged(specs: readonly string[]): Change[] {
  return specs.map((spec) => {
    const [, file = spec, line] = /^(.+?)(?::(\d+))?$/.exec(spec) ?? [];
    return { file, lines: line ? [Number(line)] : 'all' };
  });
}

/** The command on its arguments: prints through `log` (usage errors through `warn`) and answers its exit code. */
export function main(argv: string[], log = console.log, warn = console.error): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      since: { type: 'string' },
      map: { type: 'string', default: 'reports/coverage-map.json' },
      changed: { type: 'string', multiple: true },
      list: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const root = resolve('.');
  const { since, map: mapPath } = values;
  const changedSpecs = values.changed ?? [];
  if (!since && changedSpecs.length === 0) {
    warn('test:affected needs --since <git-ref> (or --changed <file[:line]> for a diff by hand)');
    return 2;
  }
  let changes: Change[];
  try {
    changes = changedSpecs.length > 0 ? parseChanged(changedSpecs) : changesSince(since!, root);
  } catch (error) {
    if (!(error instanceof UnknownRef)) throw error;
    warn(`test:affected: ${error.message}`);
    return 2;
  }
  const selection = selectScenarios(readCoverageMap(mapPath), changes, { root, mapPath });
  const against = since ? `since ${since}` : 'in the given diff';
  log(`test:affected: ${changes.length} changed file${changes.length === 1 ? '' : 's'} ${against}`);
  for (const note of selection.notes) log(`  ${note}`);
  const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import tsx`.trim() };
  if (selection.mode === 'none') {
    log(`test:affected: nothing to run — ${selection.reason}`);
    return 0;
  }
  if (selection.mode === 'full') {
    log(`test:affected: FULL RUN — ${selection.reason}`);
    if (values.list) return 0;
    // The full run records coverage, so the next test:affected has a fresh map.
    const run = spawnSync('npx', ['cucumber-js'], { stdio: 'inherit', env: { ...env, MARTBOOK_COVERAGE: '1' } });
    return run.status ?? 1;
  }
  log(`test:affected: AFFECTED ONLY — ${selection.reason}`);
  for (const path of selection.paths) log(`  ${path}`);
  if (values.list) return 0;
  // A partial run reports to reports/affected/: the full run's messages and coverage map stay as they were.
  mkdirSync('reports/affected', { recursive: true });
  writeFileSync(
    'reports/affected/cucumber.mjs',
    `import base from '../../cucumber.mjs';\nexport default { ...base, format: [base.format[0], 'message:reports/affected/cucumber-messages.ndjson', 'html:reports/affected/cucumber-report.html'] };\n`,
  );
  const run = spawnSync('npx', ['cucumber-js', '--config', 'reports/affected/cucumber.mjs', ...selection.paths], {
    stdio: 'inherit',
    env,
  });
  return run.status ?? 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main(process.argv.slice(2));
