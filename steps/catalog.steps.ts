import assert from 'node:assert/strict';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { nameRange, parseAmount } from './support/parameter-types.ts';
import type { PolicyWorld } from './support/world.ts';

Given('the mart {string} sells:', async function (this: PolicyWorld, mart: string, table: DataTable) {
  await this.catalog.sellsAll(
    mart,
    table.hashes().map((row) => ({
      name: row.product!,
      priceKrw: parseAmount(row.price!),
      onSale: (row['on sale'] ?? 'yes') === 'yes',
      sku: row.sku,
      stock: row.stock === undefined ? undefined : Number(row.stock),
      category: row.category,
    })),
  );
});

Given(
  'the mart {string} sells {int} products named {string} to {string}',
  async function (this: PolicyWorld, mart: string, count: number, from: string, to: string) {
    const names = nameRange(`${from} to ${to}`);
    if (names.length !== count) throw new Error(`"${from}" to "${to}" names ${names.length} products, not ${count}`);
    await this.catalog.sellsAll(
      mart,
      names.map((name) => ({ name, priceKrw: 1_000 })),
    );
  },
);

Given(
  'the mart {string} also sells {int} more products',
  async function (this: PolicyWorld, mart: string, count: number) {
    const names = [...Array(count).keys()].map((i) => `Product ${i + 1}`);
    await this.catalog.sellsAll(
      mart,
      names.map((name) => ({ name, priceKrw: 1_000 })),
    );
  },
);

When(
  'the mart {string} changes the price of {string} to {amount} won',
  async function (this: PolicyWorld, mart: string, product: string, price: number) {
    await this.catalog.changePrice(mart, product, price);
  },
);

Given('the mart {string} takes {string} off sale', async function (this: PolicyWorld, mart: string, product: string) {
  await this.catalog.setOnSale(mart, product, false);
});

Given(
  'the mart {string} also sells {int} generated products',
  async function (this: PolicyWorld, mart: string, count: number) {
    await this.catalog.sellsGenerated(mart, count);
  },
);

Then('{string} has these products:', async function (this: PolicyWorld, mart: string, table: DataTable) {
  const products = await this.imports.products(mart);
  const shown = products.map((p) => ({
    sku: p.sku,
    product: p.name,
    price: p.priceKrw.toLocaleString('en-US'),
    stock: String(p.stock),
    category: p.category ?? '',
    'on sale': p.onSale ? 'yes' : 'no',
  }));
  assert.deepEqual(shown, table.hashes());
});

Then('{string} has {amount} products', async function (this: PolicyWorld, mart: string, count: number) {
  assert.equal((await this.imports.products(mart)).length, count);
});

Then('the products of {string} are unchanged', async function (this: PolicyWorld, mart: string) {
  assert.ok(this.imports.productsBefore, 'no sheet was uploaded');
  assert.deepEqual(await this.imports.products(mart), this.imports.productsBefore);
});
