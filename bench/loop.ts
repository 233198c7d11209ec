/**
 * `npm run bench:loop [-- --no-npm-test] [-- --cpu-by-phase] [-- --no-coverage] [-- features/cart …]`: how fast the
 * loop is.
 * 1. `npm test`'s phases (scripts/test-phases.ts): each phase's time, the sum if run one after another, and the
 *    wall time side by side. Target on 2 cores: ≤ 45 s. With the CPU time the whole machine was busy meanwhile
 *    (Linux): the work, which no order of the phases shortens below that time divided by the cores.
 *    `--cpu-by-phase` then runs each phase alone (after the whole, so with the caches it left) and prints what each
 *    one keeps the machine busy.
 * 2. The policy run against a dry run of the same scenarios (`cucumber-js --dry-run`: everything but running
 *    the steps and hooks), end to end and per scenario. Targets: ≤ 3× the dry run, median ≤ 15 ms a scenario.
 * 3. The same policy run with coverage on (MARTBOOK_COVERAGE=1): what recording the code ↔ policy map costs.
 * Runs write to a folder of their own; reports/ is left as it was. Figures on a shared machine are noisy.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: {
    'no-npm-test': { type: 'boolean', default: false },
    'cpu-by-phase': { type: 'boolean', default: false },
    'no-coverage': { type: 'boolean', default: false },
  },
  allowPositionals: true,
  strict: true,
});
const dir = mkdtempSync(join(tmpdir(), 'martbook-loop-'));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface PolicyRun {
  label: string;
  wallMs: number;
  runMs: number;
  scenarios: number;
  durations: number[];
  /** Time spent in the coverage recorder's own hooks (steps/support/coverage.ts). */
  coverageHooksMs: number;
  ok: boolean;
}

/** One cucumber-js run with the project's profile, its reports sent to this bench's folder. */
function policyRun(label: string, extraArgs: string[], coverage: boolean): PolicyRun {
  const name = label.replace(/\W+/g, '-');
  const messages = join(dir, `${name}.ndjson`);
  const config = join(dir, `${name}.mjs`);
  const formats = [
    `'message:${messages}'`,
    ...(coverage ? [`'./scripts/coverage-map-formatter.ts:${join(dir, `${name}-coverage.json`)}'`] : []),
  ];
  writeFileSync(
    config,
    `import base from '${pathToFileURL('cucumber.mjs').href}';\nexport default { ...base, format: [${formats.join(', ')}] };\n`,
  );
  const started = performance.now();
  const run = spawnSync('npx', ['cucumber-js', '--config', relative('.', config), ...extraArgs, ...positionals], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: '--import tsx', ...(coverage ? { MARTBOOK_COVERAGE: '1' } : {}) },
  });
  const wallMs = performance.now() - started;
  const envelopes = readFileSync(messages, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, Record<string, unknown>>);
  const ms = (t: unknown) => {
    const { seconds: s, nanos } = t as { seconds: number; nanos: number };
    return s * 1000 + nanos / 1e6;
  };
  const at = (key: string) => ms(envelopes.find((e) => e[key])?.[key]?.timestamp ?? { seconds: Number.NaN, nanos: 0 });
  const starts = new Map(
    envelopes.flatMap((e) =>
      e.testCaseStarted ? [[e.testCaseStarted.id as string, ms(e.testCaseStarted.timestamp)]] : [],
    ),
  );
  const durations = envelopes
    .flatMap((e) =>
      e.testCaseFinished
        ? [
            ms(e.testCaseFinished.timestamp) -
              (starts.get(e.testCaseFinished.testCaseStartedId as string) ?? Number.NaN),
          ]
        : [],
    )
    .sort((a, b) => a - b);
  const coverageHooks = new Set(
    envelopes.flatMap((e) =>
      e.hook && String((e.hook.sourceReference as { uri?: string }).uri).endsWith('coverage.ts')
        ? [e.hook.id as string]
        : [],
    ),
  );
  const coverageSteps = new Set(
    envelopes.flatMap((e) =>
      e.testCase
        ? (e.testCase.testSteps as { id: string; hookId?: string }[])
            .filter((s) => s.hookId && coverageHooks.has(s.hookId))
            .map((s) => s.id)
        : [],
    ),
  );
  const coverageHooksMs = envelopes
    .flatMap((e) =>
      e.testStepFinished && coverageSteps.has(e.testStepFinished.testStepId as string)
        ? [ms((e.testStepFinished.testStepResult as { duration: unknown }).duration)]
        : [],
    )
    .reduce((sum, d) => sum + d, 0);
  return {
    label,
    wallMs,
    runMs: at('testRunFinished') - at('testRunStarted'),
    scenarios: durations.length,
    durations,
    coverageHooksMs,
    ok: run.status === 0,
  };
}

/**
 * CPU-seconds the whole machine has been busy since it started (Linux: /proc/stat, 100 ticks a second), undefined
 * elsewhere. Chromium's processes are not children the run waits for, so its own CPU time would miss them.
 */
function machineBusySeconds(): number | undefined {
  if (!existsSync('/proc/stat')) return undefined;
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n', 1)[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / 100;
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

if (!values['no-npm-test']) {
  const json = join(dir, 'phases.json');
  console.log(
    `npm test, phase by phase (scripts/test-phases.ts), load average ${loadavg()[0]!.toFixed(1)} when it started…`,
  );
  const busyBefore = machineBusySeconds();
  spawnSync('npx', ['tsx', 'scripts/test-phases.ts', '--keep-going', '--json', json], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const busy = busyBefore === undefined ? undefined : machineBusySeconds()! - busyBefore;
  const { totalMs, ok, phases, criticalPath } = JSON.parse(readFileSync(json, 'utf8')) as {
    totalMs: number;
    ok: boolean;
    criticalPath: string[];
    phases: { name: string; startMs: number; ms: number; ok: boolean }[];
  };
  for (const phase of phases)
    console.log(
      `  ${phase.name.padEnd(12)} ${seconds(phase.ms).padStart(7)}  (${seconds(phase.startMs)} → ${seconds(phase.startMs + phase.ms)})${phase.ok ? '' : ' (failed)'}`,
    );
  console.log(`  one after another  ${seconds(phases.reduce((sum, phase) => sum + phase.ms, 0))}`);
  const byName = new Map(phases.map((phase) => [phase.name, phase]));
  console.log(
    `  critical path      ${criticalPath.map((name) => `${name} ${seconds(byName.get(name)?.ms ?? Number.NaN)}`).join(' → ')}`,
  );
  console.log(
    `  npm test           ${seconds(totalMs)} end to end, side by side (target ≤ 45 s)${ok ? '' : ' — FAILED, see npm test'}`,
  );
  if (busy !== undefined) {
    const cores = availableParallelism();
    console.log(
      `  machine busy       ${busy.toFixed(1)} CPU-s meanwhile, ${((busy / cores / (totalMs / 1000)) * 100).toFixed(0)}% of its ${cores} cores: no order of the phases ends before ${seconds((busy / cores) * 1000)}`,
    );
  }
  if (values['cpu-by-phase'] && busy !== undefined) {
    console.log('  each phase alone (CPU-s the machine was busy, wall):');
    for (const { name } of phases) {
      const before = machineBusySeconds()!;
      const started = performance.now();
      const alone = spawnSync('npx', ['tsx', 'scripts/test-phases.ts', '--only', name], { stdio: 'ignore' });
      console.log(
        `    ${name.padEnd(12)} ${(machineBusySeconds()! - before).toFixed(1).padStart(6)} CPU-s ${seconds(performance.now() - started).padStart(8)}${alone.status === 0 ? '' : ' (failed)'}`,
      );
    }
  }
}

console.log(`\npolicy run${positionals.length > 0 ? ` (${positionals.join(' ')})` : ''} against a dry run…`);
const runs = [policyRun('dry run', ['--dry-run'], false), policyRun('policy run', [], false)];
if (!values['no-coverage']) runs.push(policyRun('with coverage', [], true));
const [dry, real] = runs as [PolicyRun, PolicyRun, ...PolicyRun[]];
console.log('                 wall     cucumber run   scenarios   median    p99    slowest');
for (const run of runs) {
  const per =
    run.label === 'dry run'
      ? ''
      : `${quantile(run.durations, 0.5).toFixed(1).padStart(6)} ms ${quantile(run.durations, 0.99).toFixed(0).padStart(5)} ms ${(run.durations.at(-1) ?? 0).toFixed(0).padStart(5)} ms`;
  console.log(
    `  ${run.label.padEnd(14)} ${seconds(run.wallMs).padStart(7)}  ${seconds(run.runMs).padStart(9)}  ${String(run.scenarios).padStart(9)}   ${per}${run.ok ? '' : '  (cucumber failed)'}`,
  );
}
console.log(
  `  policy run / dry run: ${(real.wallMs / dry.wallMs).toFixed(2)}× end to end (target ≤ 3×); median ${quantile(real.durations, 0.5).toFixed(1)} ms a scenario (target ≤ 15 ms)`,
);
const covered = runs[2];
if (covered) {
  const extra = covered.wallMs - real.wallMs;
  console.log(
    `  coverage on: +${seconds(extra)} end to end (${((extra / real.wallMs) * 100).toFixed(0)}%); its hooks took ${seconds(covered.coverageHooksMs)}, ${(covered.coverageHooksMs / Math.max(1, covered.scenarios)).toFixed(1)} ms a scenario`,
  );
  console.log(
    `  coverage off: its hooks took ${(real.coverageHooksMs / Math.max(1, real.scenarios)).toFixed(2)} ms a scenario`,
  );
}
process.exitCode = runs.every((run) => run.ok) ? 0 : 1;
