// `npm test`: the checks as phases, independent ones side by side. Typecheck, lint, unit tests and the policy
// run start together; the site is built once the policies have run, then its browser tests. Each phase's output
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
  /** The phase it waits for. */
  after?: string;
}

export const PHASES: readonly Phase[] = [
  // Incremental: only what changed since the last typecheck is checked again.
  {
    name: 'typecheck',
    command: 'tsc -p . --incremental --tsBuildInfoFile node_modules/.cache/martbook/typecheck.tsbuildinfo',
  },
  { name: 'lint', command: 'npm run --silent lint' },
  { name: 'unit', command: 'npm run --silent test:unit' },
  { name: 'policies', command: 'npm run --silent test:features' },
  { name: 'site', command: 'npm run --silent docs:build', after: 'policies' },
  { name: 'browser', command: 'npm run --silent test:docs', after: 'site' },
];

export interface PhaseResult {
  name: string;
  ms: number;
  ok: boolean;
}

/**
 * Runs the phases, each as soon as the one it waits for passed; resolves with every phase that ran. A failure
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
  let failed = false;
  // Phases run in process groups of their own; an interrupt stops them with everything they started.
  process.once('SIGINT', () => {
    for (const child of running) if (child.pid) process.kill(-child.pid, 'SIGINT');
    process.exit(130);
  });
  const start = (phase: Phase): Promise<void> =>
    new Promise((resolve) => {
      const started = performance.now();
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
        const result = { name: phase.name, ms: performance.now() - started, ok: code === 0 };
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
        void Promise.all(phases.filter((next) => next.after === phase.name).map(start)).then(() => resolve());
      });
    });
  await Promise.all(phases.filter((phase) => !phase.after).map(start));
  return results;
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
        after: values.only!.includes(phase.after ?? '') ? phase.after : undefined,
      }))
    : PHASES;
  const began = performance.now();
  const results = await runPhases(phases, (text) => process.stdout.write(text), values['keep-going']);
  const totalMs = performance.now() - began;
  const ok = results.length === phases.length && results.every((result) => result.ok);
  console.log(
    `\nnpm test: ${ok ? 'all passed' : 'FAILED'} in ${(totalMs / 1000).toFixed(1)} s — ${results.map((r) => `${r.name} ${(r.ms / 1000).toFixed(1)} s`).join(', ')}`,
  );
  if (values.json) writeFileSync(values.json, JSON.stringify({ totalMs, ok, phases: results }));
  process.exitCode = ok ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
