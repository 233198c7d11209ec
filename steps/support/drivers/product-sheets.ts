import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

const HEADER = ['SKU', 'Name', 'Price', 'Stock', 'Category', 'On sale'];
/**
 * Sheets are written with their parts stored, not deflated: the import reads both alike, and deflating was most of
 * the cost of building a small sheet. The hostile files below deflate the parts they add or rewrite (a zip bomb
 * needs it), so the import still reads deflated parts in every run.
 */
const STORED = { zip: { compression: 'STORE' } } as const;

/** Builds .xlsx files the way a spreadsheet app would, from the rows a scenario writes in a table. */
export async function sheetFromRows(rows: readonly (readonly string[])[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Products');
  for (const row of rows) sheet.addRow(row.map(cellValue));
  return Buffer.from(await workbook.xlsx.writeBuffer(STORED));
}

/** A sheet of `count` generated products starting at SKU `GEN-<from>`, under English headers. */
export async function generatedSheet(count: number, from = 1, priceKrw = 1_000): Promise<Buffer> {
  const rows = [HEADER];
  for (let i = from; i < from + count; i++)
    rows.push([`GEN-${i}`, `Generated product ${i}`, String(priceKrw), '10', 'Pantry', 'yes']);
  return sheetFromRows(rows);
}

/** A sheet whose price cell is a formula with a saved value (`result`), or none. */
export async function sheetWithFormulaPrice(sku: string, formula: string, result: number | undefined): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Products');
  sheet.addRow(HEADER);
  sheet.addRow([sku, 'Milk 1L', null, 40, 'Dairy', 'yes']);
  sheet.getCell('C2').value =
    result === undefined ? { formula, date1904: false } : { formula, result, date1904: false };
  return Buffer.from(await workbook.xlsx.writeBuffer(STORED));
}

/** Whether any worksheet of a workbook holds a formula (an `<f>` element). */
export async function holdsFormulas(file: Buffer): Promise<boolean> {
  const zip = await JSZip.loadAsync(file);
  const sheets = Object.keys(zip.files).filter((name) => name.startsWith('xl/worksheets/') && name.endsWith('.xml'));
  const xml = await Promise.all(sheets.map((name) => zip.file(name)!.async('string')));
  return xml.some((text) => /<f[\s>]/.test(text));
}

export async function headersOf(file: Buffer): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ArrayBuffer);
  const values = workbook.worksheets[0]!.getRow(1).values as unknown[];
  return values.slice(1).map(String);
}

/** The product rows of a workbook's first worksheet (the header row left out), as the sheet states them. */
export async function productRowsOf(file: Buffer): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ArrayBuffer);
  const rows: SheetRow[] = [];
  workbook.worksheets[0]!.eachRow((row, number) => {
    if (number === 1) return;
    const [sku, name, price, stock, category, onSale] = (row.values as unknown[]).slice(1);
    rows.push({
      sku: cellText(sku),
      name: cellText(name),
      priceKrw: Number(price),
      stock: Number(stock),
      category: category ? cellText(category) : null,
      onSale: onSale === 'yes' ? true : onSale === 'no' ? false : failOnSale(number, onSale),
    });
  });
  return rows;
}

function cellText(cell: unknown): string {
  return typeof cell === 'string' ? cell : (JSON.stringify(cell) ?? '');
}

function failOnSale(row: number, cell: unknown): never {
  throw new Error(`row ${row} of the sheet says ${JSON.stringify(cell)} for on sale, not yes or no`);
}

export interface SheetRow {
  sku: string;
  name: string;
  priceKrw: number;
  stock: number;
  category: string | null;
  onSale: boolean;
}

/**
 * The package with its worksheet deflated and its size in the zip directory understated (a zip bomb's disguise;
 * a stored part's two sizes must agree, so understating one would make it no zip at all).
 */
export async function understatingSheetSize(file: Buffer): Promise<Buffer> {
  const lying = await withDeflatedPart(file, 'xl/worksheets/sheet1.xml');
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const directoryEntry = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
  for (let at = lying.indexOf(directoryEntry); at >= 0; at = lying.indexOf(directoryEntry, at + 4)) {
    const nameLength = lying.readUInt16LE(at + 28);
    if (lying.subarray(at + 46, at + 46 + nameLength).equals(name)) lying.writeUInt32LE(10, at + 24);
  }
  return lying;
}

/** The same package with one part deflated, its text rewritten first (parts are found by name, as an app would). */
async function withDeflatedPart(file: Buffer, path: string, rewrite = (xml: string) => xml): Promise<Buffer> {
  const parts = await partsOf(file);
  return zipOf(
    parts.map((part) =>
      part.name === path ? { name: path, data: Buffer.from(rewrite(part.data.toString('utf8'))), deflate: true } : part,
    ),
  );
}

interface Part {
  name: string;
  data: Buffer;
  deflate: boolean;
}

/** The parts of a package, in its order, as they unpack (each to be written back stored). */
async function partsOf(file: Buffer): Promise<Part[]> {
  const zip = await JSZip.loadAsync(file);
  const names = Object.keys(zip.files).filter((name) => !zip.files[name]!.dir);
  return Promise.all(
    names.map(async (name) => ({ name, data: await zip.file(name)!.async('nodebuffer'), deflate: false })),
  );
}

/**
 * A zip of these parts, in order, each stored or deflated (level 9) by Node's zlib: JSZip's deflate runs in
 * JavaScript, and deflating the zip bomb's 8 MB with it was most of building one (about 0.2 CPU-s, five times
 * zlib's). The plain zip layout: a local header and the data per part, then the central directory and its end.
 */
function zipOf(parts: readonly Part[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const data = part.deflate ? deflateRawSync(part.data, { level: 9 }) : part.data;
    const fields = (header: Buffer, at: number) => {
      header.writeUInt16LE(20, at); // version needed: 2.0 (deflate)
      header.writeUInt16LE(0x0800, at + 2); // names in UTF-8
      header.writeUInt16LE(part.deflate ? 8 : 0, at + 4);
      header.writeUInt16LE(0, at + 6); // 00:00
      header.writeUInt16LE((1 << 5) | 1, at + 8); // 1980-01-01
      header.writeUInt32LE(crc32(part.data), at + 10);
      header.writeUInt32LE(data.length, at + 14);
      header.writeUInt32LE(part.data.length, at + 18);
      header.writeUInt16LE(name.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    fields(local, 4);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by: 2.0
    fields(central, 6);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    directory.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const size = directory.reduce((sum, b) => sum + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...directory, end]);
}

/** A product row whose name is one shared text of `length` characters: a few kilobytes once zipped. */
export async function sharedTextOf(length: number): Promise<Buffer> {
  const file = await sheetFromRows([HEADER, ['LONG-1', 'LONG-TEXT', '1000', '1', '', 'yes']]);
  return withDeflatedPart(file, 'xl/sharedStrings.xml', (xml) => xml.replace('LONG-TEXT', 'x'.repeat(length)));
}

/** One product followed by `blank` rows holding nothing (11 bytes each unpacked, next to nothing zipped). */
export async function blankRowsAfterOneProduct(blank: number): Promise<Buffer> {
  return withDeflatedPart(await generatedSheet(1), 'xl/worksheets/sheet1.xml', (xml) =>
    xml.replace('</sheetData>', `${'<row></row>'.repeat(blank)}</sheetData>`),
  );
}

/** One product, and `count` more distinct texts in a second sheet (the shared-string table serves both). */
async function textsInAnotherSheet(count: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Products').addRows([HEADER, ['MILK-1L', 'Milk 1L', 2900, 40, 'Dairy', 'yes']]);
  workbook.addWorksheet('Notes').addRows(Array.from({ length: count }, (_, i) => [`note ${i}`]));
  return Buffer.from(await workbook.xlsx.writeBuffer(STORED));
}

/** Files nobody should be able to import, by the names the feature files use. */
export const HOSTILE_FILES: Record<string, () => Promise<Buffer>> = {
  'a PDF renamed to .xlsx': async () => Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'),
  'a zip bomb': async () => {
    // A real workbook carrying one more part of 8 MB of zeros, which deflates to a few kilobytes.
    const padding = { name: 'xl/media/padding.bin', data: Buffer.alloc(8 * 1024 * 1024), deflate: true };
    return zipOf([...(await partsOf(await generatedSheet(1))), padding]);
  },
  'a sheet that unpacks to more than its zip says': async () => understatingSheetSize(await generatedSheet(1)),
  'more product rows than allowed': () => generatedSheet(101),
  'a cell of 20,000 characters': () => sheetFromRows([HEADER, ['LONG-1', 'x'.repeat(20_000), '1000', '1', '', 'yes']]),
  'no header row': () => sheetFromRows([['MILK-1L', 'Milk 1L', '2900', '40', 'Dairy', 'yes']]),
  'a header without a price column': () =>
    sheetFromRows([
      ['SKU', 'Name', 'Stock', 'On sale'],
      ['MILK-1L', 'Milk 1L', '40', 'yes'],
    ]),
  'an empty sheet': () => sheetFromRows([]),
  'a header and no products': () => sheetFromRows([HEADER]),
  'a file of 1.1 MB': async () =>
    Buffer.concat([await generatedSheet(1), Buffer.alloc(Math.ceil(1.1 * 1024 * 1024), 7)]),
  'a product named with a text of 3 million characters': () => sharedTextOf(3_000_000),
  'one product followed by 1,000 blank rows': () => blankRowsAfterOneProduct(1_000),
  'a workbook holding 2,000 texts': () => textsInAnotherSheet(2_000),
};

function cellValue(text: string): string | number {
  return /^\d+$/.test(text) ? Number(text) : text;
}
