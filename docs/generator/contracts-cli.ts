// tsx docs/generator/contracts-cli.ts [--policies docs/content/policies] [--out docs/content/contracts]
// Writes one page per mocked vendor (its contract, fault modes, the Rules and scenarios of the run that called
// each operation, linked to the policy pages) and an index of the vendors. Reads the scenarios the policy page
// generator wrote (`<policies>/_data/scenarios.json`), so run `docs:generate` first.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderContractPages, type ScenarioUse } from '../../mocks/contract-pages.ts';
import { vendorContracts } from '../../mocks/vendor-contracts.ts';
import { frontMatter } from './escape.ts';
import { SCENARIO_DATA_FILE, readScenarioData } from './scenario-data.ts';

/** Every vendor call of every scenario, with links from the contract pages to the scenario and its Rule. */
function usesOf(policiesDir: string, outDir: string): ScenarioUse[] {
  if (!existsSync(join(policiesDir, SCENARIO_DATA_FILE))) return [];
  const toPolicies = relative(outDir, policiesDir).split('\\').join('/');
  return readScenarioData(policiesDir).scenarios.flatMap((scenario) => {
    const page = `${toPolicies}/${scenario.page}`;
    const ruleTitle = scenario.rule ? `${scenario.feature} › ${scenario.rule.name}` : scenario.feature;
    return scenario.calls.map((call) => ({
      vendor: call.vendor,
      operation: call.operation,
      status: String(call.status),
      code: call.code === undefined ? undefined : String(call.code),
      scenario: { title: `${scenario.feature} › ${scenario.name}`, link: `${page}#${scenario.anchor}` },
      rule: { title: ruleTitle, link: scenario.rule ? `${page}#${scenario.rule.anchor}` : page },
    }));
  });
}

/** Writes the contract pages into out, with the calls of the run whose policy pages are in policies. */
export async function writeContractPages(
  policies = 'docs/content/policies',
  out = 'docs/content/contracts',
): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const uses = usesOf(policies, out);
  await renderContractPages(out, uses);
  const rows = vendorContracts.map((vendor) => {
    const used = vendor.contract.operations.filter((op) =>
      uses.some((use) => use.vendor === vendor.name && use.operation === op.label),
    ).length;
    return `| [${vendor.name}](./${vendor.name}.md) | ${vendor.contract.operations.length} | ${used} |`;
  });
  writeFileSync(
    join(out, 'index.md'),
    [
      frontMatter({
        title: 'Vendor contracts',
        description:
          'Every vendor the platform talks to, the contract its mock is held to, and how much of it the last run exercised.',
        slug: '/contracts',
        sidebar_position: 1,
      }),
      '# Vendor contracts',
      'Every vendor the platform talks to is mocked in `mocks/<vendor>/`, and every mocked exchange is checked against a written contract (an OpenAPI document): a request the contract does not allow, or a mocked answer that breaks it, fails the scenario. `npm run contracts:verify -- --vendor <name> --base-url <url>` checks a contract against the real vendor or its sandbox.',
      '| vendor | operations in the contract | exercised by the last run |\n| --- | --- | --- |\n' + rows.join('\n'),
    ].join('\n\n') + '\n',
  );
  writeFileSync(
    join(out, '_category_.json'),
    `${JSON.stringify({ label: 'Vendor contracts', position: 7 }, null, 2)}\n`,
  );
  console.log(
    `Contract pages: ${vendorContracts.length} vendors, ${new Set(uses.map((use) => `${use.vendor} ${use.operation}`)).size} operations exercised → ${out}`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Defaults are writeContractPages's.
  const { values } = parseArgs({ options: { policies: { type: 'string' }, out: { type: 'string' } }, strict: true });
  await writeContractPages(values.policies, values.out);
}
