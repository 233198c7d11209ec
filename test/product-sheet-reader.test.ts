import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { readProductSheet } from '../src/catalog/import/sheet-reader.ts';
import type { RowCells } from '../src/catalog/import/sheet-rows.ts';
import { loadConfig } from '../src/platform/config.ts';
import { DomainError } from '../src/platform/errors.ts';
import { sheetFromRows, understatingSheetSize } from '../steps/support/drivers/product-sheets.ts';

const HEADER = ['SKU', 'Name', 'Price', 'Stock', 'Category', 'On sale'];
const MILK = ['MILK-1L', 'Milk 1L', '2900', '40', 'Dairy', 'yes'];
const MILK_CELLS: RowCells = {
  sku: 'MILK-1L',
  name: 'Milk 1L',
  price: '2900',
  stock: '40',
  category: 'Dairy',
  onSale: 'yes',
};

async function rowsOf(file: Buffer): Promise<RowCells[]> {
  const rows: RowCells[] = [];
  await readProductSheet(file, loadConfig({}).productImport, {
    accept: (_, cells) => rows.push(cells),
    unreadable: () => undefined,
  });
  return rows;
}

/** The same package with its parts stored in another order (the zip's directory lists them in that order). */
async function reordered(file: Buffer, order: (paths: string[]) => string[]): Promise<Buffer> {
  const source = await JSZip.loadAsync(file);
  const target = new JSZip();
  for (const path of order(Object.keys(source.files).filter((p) => !source.files[p]!.dir))) {
    target.file(path, await source.file(path)!.async('nodebuffer'));
  }
  return target.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const refusal = (code: string) => (error: unknown) => error instanceof DomainError && error.code === code;

describe('reading a product sheet', () => {
  it('reads worksheets stored before the shared strings and the workbook part', async () => {
    // Parts are read by name, whatever their order: a guard for the new reader (the old one's failure was a
    // race under load, which no fixed file reproduces).
    const file = await reordered(await sheetFromRows([HEADER, MILK]), (paths) => [
      ...paths.filter((p) => p.startsWith('xl/worksheets/')),
      ...paths.filter((p) => !p.startsWith('xl/worksheets/') && p !== 'xl/workbook.xml'),
      'xl/workbook.xml',
    ]);
    const reads = await Promise.all(Array.from({ length: 100 }, () => rowsOf(file)));
    for (const rows of reads) assert.deepEqual(rows, [MILK_CELLS]);
  });

  it('reads the first sheet in the workbook, not the first one stored in the zip', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Products').addRows([HEADER, MILK]);
    workbook.addWorksheet('Notes').addRows([
      ['SKU', 'Name'],
      ['not', 'a product'],
    ]);
    const file = await reordered(Buffer.from(await workbook.xlsx.writeBuffer()), (paths) =>
      [...paths].sort().reverse(),
    );
    assert.deepEqual(await rowsOf(file), [MILK_CELLS]);
  });

  it('refuses a zip that is not a workbook as not an Excel file', async () => {
    const zip = new JSZip().file('xl/worksheets/sheet1.xml', '<worksheet/>');
    await assert.rejects(rowsOf(await zip.generateAsync({ type: 'nodebuffer' })), refusal('IMPORT_NOT_XLSX'));
  });

  it('refuses a workbook whose parts unpack past the limit before unpacking any', async () => {
    const file = await sheetFromRows([HEADER, MILK]);
    const limits = { ...loadConfig({}).productImport, maxUnpackedBytes: 1_000 };
    await assert.rejects(
      readProductSheet(file, limits, { accept: () => undefined, unreadable: () => undefined }),
      refusal('IMPORT_TOO_BIG_UNPACKED'),
    );
  });

  it('refuses a workbook whose sheet unpacks to more than its zip directory says', async () => {
    const file = await sheetFromRows([HEADER, MILK]);
    await assert.rejects(rowsOf(await understatingSheetSize(file)), refusal('IMPORT_TOO_BIG_UNPACKED'));
  });
});
