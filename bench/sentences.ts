// npm run bench:sentences [-- --feature <path>] [--parallel <n>]
// The sentence audit's speed: one changed feature the way `npm run test:sentences -- --changed <ref>` runs it
// (a fresh process: support code loaded, one worker), then the whole book in one Cucumber process. Prints
// mutants, killed, survived, wall time and mutants per second. Budgets: one feature ≤ 10 s, the book ≤ 60 s
// on 2 cores.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { audit } from '../scripts/sentence-audit/audit.ts';
import { totals } from '../scripts/sentence-audit/report.ts';

const { values } = parseArgs({
  options: {
    feature: { type: 'string', default: 'features/cart/one-cart-per-mart.feature' },
    parallel: { type: 'string', default: '2' },
  },
});

const line = (
  label: string,
  t: { mutants: number; killed: number; survived: number; declared: number },
  seconds: number,
) =>
  console.log(
    `${label.padEnd(34)} ${String(t.mutants).padStart(5)} mutants  ${String(t.killed).padStart(5)} killed  ${String(t.survived).padStart(4)} survived  ${String(t.declared).padStart(3)} declared  ${seconds.toFixed(1).padStart(6)} s  ${(t.mutants / seconds).toFixed(1).padStart(6)} mutants/s`,
  );

// One feature, in a process of its own, as a developer's --changed run would be.
const json = 'reports/sentence-audit/bench-one-feature.json';
const started = performance.now();
try {
  execFileSync(process.execPath, ['scripts/sentence-audit/cli.ts', values.feature, '--json', json], {
    stdio: 'ignore',
    env: { ...process.env, NODE_OPTIONS: '--import tsx' },
  });
} catch {
  // survivors make the audit exit 1; the bench reports them, it does not judge them
}
const oneSeconds = (performance.now() - started) / 1000;
const one = JSON.parse(readFileSync(json, 'utf8')) as {
  totals: { mutants: number; killed: number; survived: number; declared: number };
};
line(`one feature (${values.feature.split('/').pop()})`, one.totals, oneSeconds);

// The whole book.
const book = await audit({ parallel: Number(values.parallel), scratch: 'reports/sentence-audit/bench-mutants' });
line(`the book, --parallel ${values.parallel}`, totals(book.features), book.seconds);
