// `npm test`: the checks as phases, independent ones side by side. Typecheck, lint, unit tests, the policy run and
// the site's pages that do not depend on the run (TypeDoc's API pages, the example run) start together; the rest
// of the site is built once the policies have run and those pages are written, then its browser tests. Each phase's output
// is printed whole when it ends, with its time; the first failure stops the rest and the run fails.
// `--json <file>` also writes the phase times (bench/loop.ts reads them); `--keep-going` lets the others finish
// after a failure; `--only <phase>` (repeatable) runs some of them.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export interface Phase {
  name: string;
  command: string;
  /** The phases it waits for. */
  after?: readonly string[];
}

export const PHASES: readonly Phase[] = [
  // Incremental: only what changed since the last typecheck is checked again, and nothing when no file it checks
  // changed (tsconfig.typecheck.json); forced when the lockfile changed since, as tsc -b does not see the packages.
  // The build info is touched after a check that passed: tsc -b leaves it as it was when it found nothing changed
  // (a file saved as it was), and then finds it older than that file at every run and checks again.
  {
    name: 'typecheck',
    command:
      'info=node_modules/.cache/martbook/typecheck.tsbuildinfo; [ package-lock.json -nt $info ] && force=--force; ' +
      'tsc -b tsconfig.typecheck.json $force && touch $info',
  },
  // Lints and checks only the files changed since the last run of this phase. ESLint's type-aware rules can change
  // their verdict on an unchanged file when a file it imports changes: `npm run lint` (no cache) and CI's fresh
  // clone lint everything.
  {
    name: 'lint',
    command:
      'eslint --cache --cache-strategy content --cache-location node_modules/.cache/martbook/eslint/ . && ' +
      'prettier --check --cache --cache-location node_modules/.cache/martbook/prettier .',
  },
  { name: 'unit', command: 'npm run --silent test:unit' },
  { name: 'policies', command: 'npm run --silent test:features' },
  // Writes TypeDoc's API pages and the example run, or keeps each when nothing it is built from changed (and says so).
  { name: 'site-parts', command: 'tsx scripts/site-parts.ts' },
  // MARTBOOK_SITE_PARTS=prebuilt: the build takes those pages as site-parts wrote them (scripts/docs-build.sh).
  {
    name: 'site',
    command: 'MARTBOOK_SITE_PARTS=prebuilt npm run --silent docs:build',
    after: ['policies', 'site-parts'],
  },
  { name: 'browser', command: 'npm run --silent test:docs', after: ['site'] },
];

export interface PhaseResult {
  name: string;
  /** When it started, from the start of the run. */
  startMs: number;
  ms: number;
  ok: boolean;
}

/**
 * Runs the phases, each as soon as the ones it waits for passed; resolves with every phase that ran. A failure
 * stops the others, unless keepGoing (bench/loop.ts wants every phase's time).
 */
export async function runPhases(
  phases: readonly Phase[],
  print: (text: string) => void,
  keepGoing = false,
): Promise<PhaseResult[]> {
  const began = performance.now();
  const results: PhaseResult[] = [];
  const running = new Set<ChildProcess>();
  const passed = new Set<string>();
  const started = new Set<string>();
  let failed = false;
  // Phases run in process groups of their own; an interrupt stops them with everything they started.
  process.once('SIGINT', () => {
    for (const child of running) if (child.pid) process.kill(-child.pid, 'SIGINT');
    process.exit(130);
  });
  /** Starts every phase not started yet whose phases to wait for have all passed. */
  const startReady = (): Promise<void> =>
    Promise.all(
      phases
        .filter((phase) => !started.has(phase.name) && (phase.after ?? []).every((name) => passed.has(name)))
        .map(start),
    ).then(() => undefined);
  const start = (phase: Phase): Promise<void> =>
    new Promise((resolve) => {
      started.add(phase.name);
      const startedAt = performance.now();
      const child = spawn(phase.command, {
        shell: true,
        detached: true,
        env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
      });
      running.add(child);
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('close', (code) => {
        running.delete(child);
        const result = {
          name: phase.name,
          startMs: startedAt - began,
          ms: performance.now() - startedAt,
          ok: code === 0,
        };
        if (failed) return resolve();
        results.push(result);
        const at = ((performance.now() - began) / 1000).toFixed(1);
        print(
          `\n── ${phase.name}: ${result.ok ? 'passed' : `FAILED (exit ${code})`} in ${(result.ms / 1000).toFixed(1)} s (at ${at} s) ── ${phase.command}\n${output.trimEnd()}\n`,
        );
        if (!result.ok && keepGoing) return resolve();
        if (!result.ok) {
          failed = true;
          // Each phase runs in a process group of its own: stop the others with everything they started.
          for (const other of running) if (other.pid) process.kill(-other.pid, 'SIGTERM');
          return resolve();
        }
        passed.add(phase.name);
        void startReady().then(() => resolve());
      });
    });
  await startReady();
  return results;
}

/** The chain of phases the run waited on: the last to end, the phase of those it waited for that ended last, … */
export function criticalPath(phases: readonly Phase[], results: readonly PhaseResult[]): PhaseResult[] {
  const end = (result: PhaseResult) => result.startMs + result.ms;
  const byName = new Map(results.map((result) => [result.name, result]));
  const latest = (names: readonly string[]) =>
    names.flatMap((name) => byName.get(name) ?? []).sort((a, b) => end(b) - end(a))[0];
  const path: PhaseResult[] = [];
  let at = latest([...byName.keys()]);
  while (at) {
    path.unshift(at);
    const { name } = at;
    at = latest(phases.find((phase) => phase.name === name)?.after ?? []);
  }
  return path;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'string' },
      only: { type: 'string', multiple: true },
      'keep-going': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const phases = values.only
    ? PHASES.filter((phase) => values.only!.includes(phase.name)).map((phase) => ({
        ...phase,
        after: phase.after?.filter((name) => values.only!.includes(name)),
      }))
    : PHASES;
  const began = performance.now();
  const results = await runPhases(phases, (text) => process.stdout.write(text), values['keep-going']);
  const totalMs = performance.now() - began;
  const ok = results.length === phases.length && results.every((result) => result.ok);
  console.log(
    `\nnpm test: ${ok ? 'all passed' : 'FAILED'} in ${(totalMs / 1000).toFixed(1)} s — ${results.map((r) => `${r.name} ${(r.ms / 1000).toFixed(1)} s`).join(', ')}`,
  );
  const path = criticalPath(phases, results);
  console.log(`critical path: ${path.map((r) => `${r.name} ${(r.ms / 1000).toFixed(1)} s`).join(' → ')}`);
  if (values.json)
    writeFileSync(values.json, JSON.stringify({ totalMs, ok, phases: results, criticalPath: path.map((r) => r.name) }));
  process.exitCode = ok ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
