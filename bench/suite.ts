/**
 * `npm run bench:suite [-- <cucumber args>]`: runs the policies and prints scenarios, wall time and ms per
 * scenario. Wall time includes starting Node, tsx and the embedded database; "run" is Cucumber's own clock.
 * Pass `--profile real` (with DATABASE_URL/REDIS_URL) or paths such as `features/cart` to narrow it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const messages = join(mkdtempSync(join(tmpdir(), 'martbook-bench-')), 'messages.ndjson');
const args = [
  'cucumber-js',
  '--format',
  `message:${messages}`,
  '--format',
  'summary:/dev/null',
  ...process.argv.slice(2),
];
const started = performance.now();
const run = spawnSync('npx', args, {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, NODE_OPTIONS: '--import tsx' },
});
const wallMs = performance.now() - started;

const envelopes = readFileSync(messages, 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Record<string, { timestamp?: { seconds: number; nanos: number } }>);
const at = (key: string) => {
  const t = envelopes.find((e) => e[key])?.[key]?.timestamp;
  return t ? t.seconds * 1000 + t.nanos / 1e6 : Number.NaN;
};
const scenarios = envelopes.filter((e) => 'testCaseFinished' in e).length;
const runMs = at('testRunFinished') - at('testRunStarted');

console.log(`scenarios        ${scenarios}`);
console.log(`wall time        ${(wallMs / 1000).toFixed(2)} s (process start to exit)`);
console.log(`run time         ${(runMs / 1000).toFixed(2)} s (Cucumber's test run)`);
console.log(`per scenario     ${(runMs / scenarios).toFixed(1)} ms (run time / scenarios)`);
console.log(`result           ${run.status === 0 ? 'all passed' : `cucumber exited ${run.status}`}`);
process.exitCode = run.status ?? 1;
