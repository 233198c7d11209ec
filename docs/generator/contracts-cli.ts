// tsx docs/generator/contracts-cli.ts [--messages reports/cucumber-messages.ndjson] [--out docs/content/contracts]
// Writes one page per mocked vendor (its contract, fault modes, and the scenarios of the run that called each
// operation) and an index of the vendors.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { vendorCallsMediaType, type VendorCall } from '../../mocks/contracts/enforcement.ts';
import { renderContractPages, usageKey } from '../../mocks/contract-pages.ts';
import { vendorMocks } from '../../mocks/vendors.ts';
import { loadRun } from './load-run.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: 'reports/cucumber-messages.ndjson' },
    out: { type: 'string', default: 'docs/content/contracts' },
  },
  strict: true,
});

/** `vendor operation` → the names of the scenarios whose attached vendor calls include it. */
function usageOf(messagesPath: string): Map<string, string[]> {
  const { query } = loadRun(messagesPath);
  const usage = new Map<string, string[]>();
  for (const testCaseStarted of query.findAllTestCaseStarted()) {
    const scenario = query.findPickleBy(testCaseStarted)?.name ?? 'unnamed scenario';
    for (const stepFinished of query.findTestStepsFinishedBy(testCaseStarted)) {
      for (const attachment of query.findAttachmentsBy(stepFinished)) {
        if (attachment.mediaType !== vendorCallsMediaType) continue;
        for (const call of JSON.parse(attachment.body) as VendorCall[]) {
          const key = usageKey(call.vendor, call.operation);
          const names = usage.get(key) ?? [];
          if (!names.includes(scenario)) usage.set(key, [...names, scenario]);
        }
      }
    }
  }
  return usage;
}

rmSync(values.out, { recursive: true, force: true });
mkdirSync(values.out, { recursive: true });
const usage = usageOf(values.messages);
await renderContractPages(values.out, usage);
const rows = vendorMocks.map((vendor) => {
  const used = vendor.contract.operations.filter((op) => usage.has(usageKey(vendor.name, op.label))).length;
  return `| [${vendor.name}](./${vendor.name}.md) | ${vendor.contract.operations.length} | ${used} |`;
});
writeFileSync(
  join(values.out, 'index.md'),
  [
    '---\ntitle: Vendor contracts\nslug: /contracts\nsidebar_position: 1\n---',
    '# Vendor contracts',
    'Every vendor the platform talks to is mocked in `mocks/<vendor>/`, and every mocked exchange is checked against a written contract (an OpenAPI document): a request the contract does not allow, or a mocked answer that breaks it, fails the scenario. `npm run contracts:verify -- --vendor <name> --base-url <url>` checks a contract against the real vendor or its sandbox.',
    '| vendor | operations in the contract | exercised by the last run |\n| --- | --- | --- |\n' + rows.join('\n'),
  ].join('\n\n') + '\n',
);
writeFileSync(join(values.out, '_category_.json'), `${JSON.stringify({ label: 'Vendor contracts', position: 7 }, null, 2)}\n`);
console.log(`Contract pages: ${vendorMocks.length} vendors, ${usage.size} operations exercised → ${values.out}`);
