/**
 * `npm run bench:import`: imports product sheets of 1,000, 10,000 and 100,000 rows (half changed products, half
 * new) and prints, per size: parse, classify and write times, rows/s, peak memory, the same write done row by
 * row (one statement per row) with the speed-up, and a raw COPY of the same rows as the physical reference.
 * Runs on DATABASE_URL, else the local Postgres (postgres://postgres@127.0.0.1:5432/test), else PGlite.
 * Each size runs in a process of its own, so its peak memory is its own. Then the hostile lines (import-hostile.ts):
 * 32 concurrent hostile previews, and a customer's requests during a commit. `-- --only-hostile` prints those only.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { CatalogStore } from '../src/catalog/catalog.store.ts';
import type { MartId } from '../src/catalog/catalog.types.ts';
import { classify, ValidatedSheet } from '../src/catalog/import/classify.ts';
import { importStore } from '../src/catalog/import/import.store.ts';
import { readProductSheet } from '../src/catalog/import/sheet-reader.ts';
import type { SheetProduct } from '../src/catalog/import/sheet-rows.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase, type Database } from '../src/platform/database.ts';
import { migrate } from '../src/platform/migrate.ts';
import { printHostileLines } from './import-hostile.ts';

const SIZES = [1_000, 10_000, 100_000];
const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';
const seconds = (ms: number) => (ms / 1000).toFixed(2);

interface Result {
  rows: number;
  parseMs: number;
  classifyMs: number;
  writeMs: number;
  peakMb: number;
  /** The process's RSS just before the import: Node, tsx and the loaded libraries. */
  baselineMb: number;
  rowByRowMs: number;
  copyMs: number | undefined;
}

async function databaseUrl(): Promise<string | undefined> {
  const url = process.env.DATABASE_URL || LOCAL_POSTGRES;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return url;
  } catch {
    return process.env.DATABASE_URL ? url : undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A sheet of `rows` products GEN-1…GEN-rows at 1,500 won; GEN-1…GEN-rows/2 already exist at 1,000 won. */
async function writeSheet(rows: number, file: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Products');
  sheet.addRow(['SKU', 'Name', 'Price', 'Stock', 'Category', 'On sale']).commit();
  for (let i = 1; i <= rows; i++)
    sheet.addRow([`GEN-${i}`, `Generated product ${i}`, 1_500, 10, 'Pantry', 'yes']).commit();
  sheet.commit();
  await workbook.commit();
}

async function freshMart(db: Database): Promise<MartId> {
  await db.exec('TRUNCATE products, marts CASCADE');
  const store = new CatalogStore(db);
  const mart = await store.createMart('Bench Mart');
  return mart.id;
}

async function measureOne(rows: number, file: string, url: string | undefined): Promise<Result> {
  const schema = `bench_import_${process.pid}`;
  const db = await openDatabase({ url, schema });
  try {
    await migrate(db);
    const limits = loadConfig({}).productImport;
    const store = new CatalogStore(db);
    let martId = await freshMart(db);
    await store.addGenerated(martId, rows / 2);

    // As the service does it: the sheet read and validated first, then classified against the mart's products.
    const baselineMb = process.memoryUsage().rss / 1024 / 1024;
    const started = performance.now();
    const sheet = new ValidatedSheet();
    await readProductSheet(readFileSync(file), limits, sheet);
    const parsed = performance.now();
    const { products: current } = await importStore.catalog(db, martId);
    const classification = classify(sheet, current, limits.sampleRows);
    const classified = performance.now();
    const of = (c: string) => classification.rows.filter((r) => r.class === c).map((r) => r.product!);
    await db.transaction(async (tx) => {
      await importStore.updateChanged(tx, martId, of('changed'));
      await importStore.insertNew(tx, martId, of('new'));
    });
    const written = performance.now();
    // The import's own peak: taken before the row-by-row and COPY references below allocate their copies.
    const peakMb = process.resourceUsage().maxRSS / 1024;

    martId = await freshMart(db);
    await store.addGenerated(martId, rows / 2);
    const products = classification.rows.map((r) => ({ ...r.product!, changed: r.class === 'changed' }));
    // As the incident's ORM did it: one save per row, each statement committing on its own.
    const rowByRowStarted = performance.now();
    for (const p of products) {
      if (p.changed)
        await db.query(
          'UPDATE products SET name = $3, price_krw = $4, stock = $5, category = $6, on_sale = $7, updated_at = now() WHERE mart_id = $1 AND sku = $2',
          row(martId, p),
        );
      else
        await db.query(
          'INSERT INTO products (id, mart_id, sku, name, price_krw, stock, category, on_sale) VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5, $6, $7)',
          row(martId, p),
        );
    }
    const rowByRowMs = performance.now() - rowByRowStarted;

    const copyMs = url ? await copyReference(url, schema, products) : undefined;
    return {
      rows,
      parseMs: parsed - started,
      classifyMs: classified - parsed,
      writeMs: written - classified,
      peakMb,
      baselineMb,
      rowByRowMs,
      copyMs,
    };
  } finally {
    if (url) await db.exec(`DROP SCHEMA ${schema} CASCADE`);
    await db.close();
  }
}

const row = (martId: MartId, p: SheetProduct) => [martId, p.sku, p.name, p.priceKrw, p.stock, p.category, p.onSale];

/** The physical reference: the same rows streamed with COPY into a bare table of the same shape. */
async function copyReference(url: string, schema: string, products: SheetProduct[]): Promise<number> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    await client.query(
      'CREATE TEMP TABLE copy_reference (sku text, name text, price_krw int, stock int, category text, on_sale bool)',
    );
    const csv = products.map((p) => `${p.sku},${p.name},${p.priceKrw},${p.stock},${p.category ?? ''},${p.onSale}\n`);
    const started = performance.now();
    await pipeline(Readable.from(csv), client.query(copyFrom('COPY copy_reference FROM STDIN (FORMAT csv)')));
    return performance.now() - started;
  } finally {
    await client.end();
  }
}

if (process.argv[2] === '--one') {
  const [rows, file, url] = [Number(process.argv[3]), process.argv[4]!, process.argv[5] || undefined];
  console.log(JSON.stringify(await measureOne(rows, file, url)));
} else {
  const url = await databaseUrl();
  console.log(`database: ${url ? 'Postgres' : 'PGlite (embedded; no Postgres reachable)'}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'martbook-import-'));
  const onlyHostile = process.argv.includes('--only-hostile');
  const header = [
    'rows',
    'parse s',
    'classify s',
    'write s',
    'total s',
    'rows/s',
    'peak MB',
    'of which before import',
    'row-by-row write s',
    'speed-up',
    'COPY s',
  ];
  if (!onlyHostile) console.log(header.join('\t'));
  for (const rows of SIZES) {
    const file = join(dir, `sheet-${rows}.xlsx`);
    await writeSheet(rows, file);
    if (onlyHostile) continue;
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', import.meta.filename, '--one', String(rows), file, url ?? ''],
      { encoding: 'utf8' },
    );
    if (child.status !== 0) throw new Error(`the ${rows}-row run failed:\n${child.stderr}`);
    const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as Result;
    const total = r.parseMs + r.classifyMs + r.writeMs;
    console.log(
      [
        r.rows.toLocaleString('en-US'),
        seconds(r.parseMs),
        seconds(r.classifyMs),
        seconds(r.writeMs),
        seconds(total),
        Math.round(r.rows / (total / 1000)).toLocaleString('en-US'),
        r.peakMb.toFixed(0),
        r.baselineMb.toFixed(0),
        seconds(r.rowByRowMs),
        `${(r.rowByRowMs / r.writeMs).toFixed(1)}×`,
        r.copyMs === undefined ? 'n/a' : seconds(r.copyMs),
      ].join('\t'),
    );
  }
  await printHostileLines(dir, join(dir, `sheet-${SIZES.at(-1)!}.xlsx`));
}
