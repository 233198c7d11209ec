/**
 * `tsx bench/docs.ts [features=1000]`: writes synthetic features and a matching Cucumber messages run, then
 * times the policy page generator on them. Prints the input size and the generation time.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from '../docs/generator/generate.ts';
import { writeSyntheticInput } from '../docs/generator/synthetic.ts';

const featureCount = Number(process.argv[2] ?? 1000);
const input = writeSyntheticInput(featureCount);
const outDir = mkdtempSync(join(tmpdir(), 'martbook-bench-docs-'));
const result = generate({ messagesPath: input.messagesPath, outDir, root: input.root });
const pages = readdirSync(outDir, { recursive: true }).filter((name) => String(name).endsWith('.md')).length;

console.log(`features         ${result.features}`);
console.log(`scenarios        ${result.scenarios} (${result.counts.passed} passed, ${result.counts.failed} failed)`);
console.log(`messages         ${(statSync(input.messagesPath).size / 1e6).toFixed(1)} MB`);
console.log(`pages written    ${pages}`);
console.log(`generation time  ${(result.ms / 1000).toFixed(2)} s`);
rmSync(input.dir, { recursive: true, force: true });
rmSync(outDir, { recursive: true, force: true });
