/**
 * Generates mocks/<vendor>/contract.types.ts from each vendor's contract with openapi-typescript, so handlers
 * and fakes are typed by the contract: a contract change breaks the typecheck where code no longer fits.
 *
 *   tsx scripts/contracts-generate-types.ts            writes the types
 *   tsx scripts/contracts-generate-types.ts --check    exits 1 if a committed file is out of date
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

export const vendorNames = ['portone', 'ai-search', 'object-storage', 'slack'] as const;

const vendorFile = (vendor: string, name: string): string =>
  fileURLToPath(new URL(`../mocks/${vendor}/${name}`, import.meta.url));
export const typesPath = (vendor: string): string => vendorFile(vendor, 'contract.types.ts');

export async function renderContractTypes(vendor: string): Promise<string> {
  const contract = JSON.parse(await readFile(vendorFile(vendor, 'contract.openapi.json'), 'utf8')) as Parameters<
    typeof openapiTS
  >[0];
  const header = `// Generated from mocks/${vendor}/contract.openapi.json by scripts/contracts-generate-types.ts. Do not edit.\n\n`;
  return header + astToString(await openapiTS(contract, { alphabetize: true, defaultNonNullable: false }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  let stale = false;
  for (const vendor of vendorNames) {
    const types = await renderContractTypes(vendor);
    if (!process.argv.includes('--check')) await writeFile(typesPath(vendor), types);
    else if ((await readFile(typesPath(vendor), 'utf8')) !== types) {
      console.error(`mocks/${vendor}/contract.types.ts is out of date: run tsx scripts/contracts-generate-types.ts`);
      stale = true;
    }
  }
  process.exit(stale ? 1 : 0);
}
