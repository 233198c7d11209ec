// npm run bench:sentences [-- --feature <path>] [--parallel <n>] [--one-only] [--cold]
// The sentence audit's speed: one changed feature the way `npm run test:sentences -- --changed <ref>` runs it
// (a fresh process: support code loaded, the run in that process), then the whole book in one Cucumber process
// with workers. Prints mutants, killed, survived, scenario runs, wall time, CPU seconds (this process and the workers it waited
// for) and mutants per second, then the start-up split (the process's own start, support code, deriving the
// changes, BeforeAll). Budgets: one feature ≤ 10 s, the book ≤ 60 s on 2 cores. On a shared machine the wall time
// is inflated by the others' load (printed with it); CPU seconds are not.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { audit, type Startup } from '../scripts/sentence-audit/audit.ts';
import { totals, type Totals } from '../scripts/sentence-audit/report.ts';

const { values } = parseArgs({
  options: {
    feature: { type: 'string', default: 'features/cart/one-cart-per-mart.feature' },
    parallel: { type: 'string', default: '2' },
    'one-only': { type: 'boolean', default: false },
    // The book's run without its earlier report (reports/sentences.json), as a first run or a fresh CI checkout is.
    cold: { type: 'boolean', default: false },
  },
});

/** CPU seconds of this process and of the children it has waited for (Linux; elsewhere this process only). */
function cpuSeconds(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // utime, stime, cutime, cstime: fields 14–17 of stat(5), counted from the state field (3) here.
    return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) / 100;
  } catch {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  }
}

const line = (label: string, t: Totals, runs: number, seconds: number, cpu: number) =>
  console.log(
    `${label.padEnd(34)} ${String(t.mutants).padStart(5)} mutants  ${String(t.killed).padStart(5)} killed (${t.killedInSharedRuns} in shared runs of checks)  ${String(t.survived).padStart(4)} survived  ${String(t.declared).padStart(3)} declared  ${String(runs).padStart(5)} scenario runs  ${seconds.toFixed(1).padStart(6)} s wall  ${cpu.toFixed(1).padStart(6)} CPU-s  ${(t.mutants / seconds).toFixed(1).padStart(6)} mutants/s  ${(t.mutants / cpu).toFixed(1).padStart(5)} mutants per CPU-s`,
  );
/**
 * The audit's fixed start-up before its first scenario, step by step: wall seconds and the audit process's CPU; the
 * process's own start (Node, tsx, the audit's modules) only where the audit had the process to itself.
 */
const startupLine = ({ beforeAudit: b, supportLoaded: s, derived: d, opened: o, ...cpu }: Startup, fresh: boolean) => {
  const part = (label: string, wall: number, cpuSeconds: number) =>
    `${label} ${wall.toFixed(1)} s (${cpuSeconds.toFixed(1)} CPU-s)`;
  console.log(
    `${''.padEnd(34)} start-up: ${[
      ...(fresh ? [part('process before the audit', b, cpu.beforeAuditCpu)] : []),
      part('support code', s, cpu.supportLoadedCpu),
      part('changes derived', d - s, cpu.derivedCpu - cpu.supportLoadedCpu),
      part('BeforeAll (database, mock vendors)', o - d, cpu.openedCpu - cpu.derivedCpu),
    ].join(', ')}; a worker's own start-up runs beside it`,
  );
};
console.log(`load average ${loadavg()[0]!.toFixed(1)} on this machine when the bench started`);

// One feature, in a process of its own, as a developer's --changed run would be.
const json = 'reports/sentence-audit/bench-one-feature.json';
let cpu = cpuSeconds();
const started = performance.now();
try {
  execFileSync(process.execPath, ['scripts/sentence-audit/cli.ts', values.feature, '--json', json], {
    stdio: 'ignore',
    env: { ...process.env, NODE_OPTIONS: '--import tsx' },
  });
} catch {
  // survivors make the audit exit 1; the bench reports them, it does not judge them
}
const one = JSON.parse(readFileSync(json, 'utf8')) as { totals: Totals; runs: number; startup: Startup };
line(
  `one feature (${values.feature.split('/').pop()})`,
  one.totals,
  one.runs,
  (performance.now() - started) / 1000,
  cpuSeconds() - cpu,
);
startupLine(one.startup, true);

if (!values['one-only']) {
  cpu = cpuSeconds();
  const history = values.cold ? false : 'reports/sentences.json';
  const book = await audit({
    parallel: Number(values.parallel),
    scratch: 'reports/sentence-audit/bench-mutants',
    history,
  });
  const label = history && existsSync(history) ? 'with its earlier report' : 'no earlier report';
  line(
    `the book, --parallel ${values.parallel}, ${label}`,
    totals(book.features),
    book.runs,
    book.seconds,
    cpuSeconds() - cpu,
  );
  startupLine(book.startup, false);
}
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} (1 / 5 / 15 min) when the bench ended`,
);
