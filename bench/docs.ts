/**
 * `npm run bench:docs [-- features=1000] [--no-build]`: writes synthetic features (rules, outlines, failures)
 * and a matching Cucumber messages run, times the page generator on them, then times a build of the site with
 * those pages added to the project's own (built to reports/bench-site).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from '../docs/generator/generate.ts';
import { writeSyntheticInput } from '../docs/generator/synthetic.ts';

const args = process.argv.slice(2);
const featureCount = Number(args.find((a) => /^\d+$/.test(a)) ?? 1000);
const input = writeSyntheticInput(featureCount);
const outDir = mkdtempSync(join(tmpdir(), 'martbook-bench-docs-'));
const result = generate({ messagesPath: input.messagesPath, outDir, root: input.root });
const pages = readdirSync(outDir, { recursive: true }).filter((name) => String(name).endsWith('.md')).length;

console.log(`features         ${result.features}`);
console.log(`scenarios        ${result.scenarios} (${result.counts.passed} passed, ${result.counts.failed} failed)`);
console.log(`messages         ${(statSync(input.messagesPath).size / 1e6).toFixed(1)} MB`);
console.log(`pages written    ${pages}`);
console.log(`generation time  ${(result.ms / 1000).toFixed(2)} s`);

if (!args.includes('--no-build')) {
  // The synthetic pages join the project's own in a section of their own, removed after the build.
  const section = 'docs/content/bench-synthetic';
  spawnSync('npx', ['tsx', 'docs/generator/cli.ts'], { stdio: 'ignore' });
  generate({ messagesPath: input.messagesPath, outDir: section, root: input.root, title: 'Synthetic', slug: '/bench-synthetic', position: 99 });
  const started = performance.now();
  const build = spawnSync('npx', ['docusaurus', 'build', 'docs', '--out-dir', '../reports/bench-site'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const buildMs = performance.now() - started;
  rmSync(section, { recursive: true, force: true });
  console.log(`build time       ${(buildMs / 1000).toFixed(1)} s (the site with ${pages} synthetic pages added${build.status === 0 ? '' : ', FAILED'})`);
  process.exitCode = build.status ?? 1;
}
rmSync(input.dir, { recursive: true, force: true });
rmSync(outDir, { recursive: true, force: true });
