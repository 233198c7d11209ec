import assert from 'node:assert/strict';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import {
  generatedSheet,
  headersOf,
  holdsFormulas,
  HOSTILE_FILES,
  productRowsOf,
  sheetFromRows,
  type SheetRow,
  sheetWithFormulaPrice,
} from './support/drivers/product-sheets.ts';
import { expectOk } from './support/drivers/http.ts';
import type { PolicyWorld } from './support/world.ts';

// Preparing sheets.

Given('{word} has filled in a product sheet:', async function (this: PolicyWorld, manager: string, table: DataTable) {
  await this.imports.holds(manager, sheetFromRows(table.raw()));
});

Given(
  '{word} has filled in the template with {string}, {string}, {amount} won, {int} in stock',
  async function (this: PolicyWorld, manager: string, sku: string, name: string, price: number, stock: number) {
    const headers = await headersOf(await this.imports.download(manager, 'Gangnam Fresh', 'template'));
    this.imports.sheet = await sheetFromRows([headers, [sku, name, String(price), String(stock), '', '예']]);
  },
);

Given(
  '{word} has exported the products of {string}',
  async function (this: PolicyWorld, manager: string, mart: string) {
    this.imports.sheet = await this.imports.download(manager, mart, 'export');
  },
);

Given(
  '{word} has a sheet changing the price of those {int} products and adding {int} more',
  async function (this: PolicyWorld, manager: string, existing: number, added: number) {
    await this.imports.holds(manager, generatedSheet(existing + added, 1, 1_500));
  },
);

Given(
  '{word} has a sheet changing the price of {string} and adding a new product',
  async function (this: PolicyWorld, manager: string, product: string) {
    const rows = [['SKU', 'Name', 'Price', 'Stock', 'Category', 'On sale']];
    const existing = this.catalog.product('Gangnam Fresh', product);
    rows.push([
      existing.sku,
      existing.name,
      String(existing.priceKrw + 100),
      String(existing.stock),
      existing.category ?? '',
      'yes',
    ]);
    rows.push(['NEW-1', 'New product', '5000', '10', 'Fruit', 'yes']);
    await this.imports.holds(manager, sheetFromRows(rows));
  },
);

Given(
  '{word} has a sheet whose price for {string} is the formula {string} saved as {amount}',
  async function (this: PolicyWorld, manager: string, sku: string, formula: string, saved: number) {
    await this.imports.holds(manager, sheetWithFormulaPrice(sku, formula, saved));
  },
);

Given(
  '{word} has a sheet whose price is a formula with no saved value',
  async function (this: PolicyWorld, manager: string) {
    await this.imports.holds(manager, sheetWithFormulaPrice('MILK-1L', '1+1', undefined));
  },
);

Given(
  'product sheets are limited to {int} MB uploaded, {int} MB unpacked and {int} rows',
  async function (this: PolicyWorld, uploaded: number, unpacked: number, rows: number) {
    const MB = 1024 * 1024;
    await this.reconfigure((c) => ({
      ...c,
      productImport: {
        ...c.productImport,
        maxFileBytes: uploaded * MB,
        maxUnpackedBytes: unpacked * MB,
        maxRows: rows,
      },
    }));
  },
);

Given('the database will fail while adding new products', async function (this: PolicyWorld) {
  await this.catalog.failNextProductInsert();
});

// Previewing and committing.

When('{word} previews the sheet for {string}', async function (this: PolicyWorld, manager: string, mart: string) {
  await this.imports.previewSheet(manager, mart);
});

Given('{word} has previewed the sheet for {string}', async function (this: PolicyWorld, manager: string, mart: string) {
  expectOk(await this.imports.previewSheet(manager, mart), 'previewing the sheet');
});

When(
  '{word} uploads {} to preview it for {string}',
  async function (this: PolicyWorld, manager: string, file: string, mart: string) {
    const make = HOSTILE_FILES[file];
    if (!make) throw new Error(`no hostile file named "${file}"; known: ${Object.keys(HOSTILE_FILES).join(', ')}`);
    await this.imports.previewSheet(manager, mart, await make());
  },
);

When('{word} commits the preview', async function (this: PolicyWorld, manager: string) {
  await this.imports.commit(manager, 'Gangnam Fresh');
});

When('{word} commits the preview, skipping invalid rows', async function (this: PolicyWorld, manager: string) {
  await this.imports.commit(manager, 'Gangnam Fresh', { skipInvalid: true });
});

When('{word} commits the preview with a different sheet', async function (this: PolicyWorld, manager: string) {
  await this.imports.commit(manager, 'Gangnam Fresh', { file: await generatedSheet(1, 900) });
});

When(
  '{word} downloads the product sheet template for {string}',
  async function (this: PolicyWorld, manager: string, mart: string) {
    this.imports.sheet = await this.imports.download(manager, mart, 'template');
  },
);

// Outcomes.

Then(
  'the preview counts {int} new, {int} changed, {int} unchanged and {int} invalid rows',
  function (this: PolicyWorld, added: number, changed: number, unchanged: number, invalid: number) {
    const preview = expectOk<{ counts: unknown }>(this.lastResponse!, 'the preview');
    assert.deepEqual(preview.counts, { new: added, changed, unchanged, invalid });
  },
);

Then(
  'the preview shows the price of {string} as {amount} won',
  function (this: PolicyWorld, sku: string, price: number) {
    const { samples } = this.imports.preview!;
    const row = [...samples.new, ...samples.changed, ...samples.unchanged].find((r) => r.sku === sku);
    assert.equal(row?.priceKrw, price);
  },
);

Then('the preview reports these problems:', function (this: PolicyWorld, table: DataTable) {
  const errors = this.imports.preview!.errors;
  const expected = table.hashes();
  assert.equal(errors.length, expected.length, `problems reported: ${JSON.stringify(errors)}`);
  expected.forEach((want, i) => {
    assert.equal(String(errors[i]!.row), want.row);
    assert.equal(errors[i]!.column, want.column);
    assert.match(errors[i]!.message, new RegExp(escapeRegExp(want.problem!)));
  });
});

Then(
  'the commit reports {amount} added, {amount} updated and {amount} unchanged',
  function (this: PolicyWorld, inserted: number, updated: number, unchanged: number) {
    const result = expectOk<Record<string, number>>(this.lastResponse!, 'the commit');
    assert.deepEqual(
      { inserted: result.inserted, updated: result.updated, unchanged: result.unchanged },
      { inserted, updated, unchanged },
    );
  },
);

Then('the commit ran at most {int} database statements', function (this: PolicyWorld, most: number) {
  assert.ok(this.imports.statements <= most, `the commit ran ${this.imports.statements} statements`);
});

Then("the sheet's headers are:", async function (this: PolicyWorld, table: DataTable) {
  assert.deepEqual(await headersOf(this.imports.sheet!), table.raw()[0]);
});

Then('the exported sheet holds no formula', async function (this: PolicyWorld) {
  assert.equal(await holdsFormulas(this.imports.sheet!), false);
});

Then('the exported sheet lists these products:', async function (this: PolicyWorld, table: DataTable) {
  assert.deepEqual(shownAs(table, await productRowsOf(this.imports.sheet!)), table.hashes());
});

Then('the preview shows these {word} products:', function (this: PolicyWorld, kind: string, table: DataTable) {
  const samples = this.imports.preview!.samples;
  if (kind !== 'new' && kind !== 'changed' && kind !== 'unchanged') throw new Error(`a preview has no "${kind}" rows`);
  assert.deepEqual(shownAs(table, samples[kind]), table.hashes());
});

/** Products as a scenario's table writes them, in the table's columns (sku, product, price, stock, category, on sale). */
function shownAs(table: DataTable, products: readonly SheetRow[]): Record<string, string>[] {
  const columns = table.raw()[0]!;
  return products.map((p) => {
    const all: Record<string, string> = {
      sku: p.sku,
      product: p.name,
      price: p.priceKrw.toLocaleString('en-US'),
      stock: String(p.stock),
      category: p.category ?? '',
      'on sale': p.onSale ? 'yes' : 'no',
    };
    return Object.fromEntries(columns.map((column) => [column, all[column] ?? `(no column "${column}")`]));
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
