import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { contractPath, renderPortoneContract } from '../scripts/contracts-derive-portone.ts';
import { renderContractTypes, typesPath, vendorNames } from '../scripts/contracts-generate-types.ts';

describe('committed contracts and their types', () => {
  it('the PortOne contract is exactly what the vendor spec derives to', async () => {
    assert.equal(
      await readFile(contractPath, 'utf8'),
      await renderPortoneContract(),
      'run tsx scripts/contracts-derive-portone.ts',
    );
  });

  for (const vendor of vendorNames) {
    it(`mocks/${vendor}/contract.types.ts is what its contract generates`, async () => {
      assert.equal(
        await readFile(typesPath(vendor), 'utf8'),
        await renderContractTypes(vendor),
        'run tsx scripts/contracts-generate-types.ts',
      );
    });
  }
});
