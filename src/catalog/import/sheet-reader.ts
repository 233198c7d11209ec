import { unprocessable } from '../../platform/errors.ts';
import type { ImportPolicyConfig } from './import.config.ts';
import { columnForHeader, SHEET_COLUMNS, type ColumnKey } from './sheet-columns.ts';
import type { RowCells, RowError } from './sheet-rows.ts';
import { readFirstWorksheet } from './xlsx-package.ts';

/** Receives the sheet's product rows as they are read. */
export interface SheetSink {
  accept(row: number, cells: RowCells): void;
  /** A cell that could not be read at all (a formula with no saved value). */
  unreadable(error: RowError): void;
}

const label = (key: ColumnKey) => {
  const column = SHEET_COLUMNS.find((c) => c.key === key)!;
  return `${column.korean} (${column.english})`;
};

/**
 * Reads the first worksheet of an .xlsx upload as a stream, without ever evaluating a formula (the value the
 * spreadsheet app saved is used). Refuses hostile files before and while reading: not a zip, a zip that
 * unpacks past the limit, too many rows (blank ones count), an oversized cell, no header row, no product
 * rows. Only the texts a product needs are kept: the header's columns, nothing else of a row.
 */
export async function readProductSheet(file: Buffer, limits: ImportPolicyConfig, sink: SheetSink): Promise<void> {
  let header: Map<number, ColumnKey> | undefined;
  let texts = new Map<number, string>();
  let unreadable: ColumnKey[] = [];
  let blank = true;
  let products = 0;
  await readFirstWorksheet(file, limits, {
    cell(_row, column, text) {
      const key = header?.get(column);
      if (text === undefined) {
        if (key) unreadable.push(key);
        return;
      }
      if (text.trim() === '') return;
      blank = false;
      if (header ? key : columnForHeader(text)) texts.set(column, text);
    },
    rowEnd(row) {
      if (!blank) {
        if (!header) header = headerOf(texts);
        else {
          for (const key of unreadable)
            sink.unreadable({ row, column: label(key), message: 'is a formula with no saved value' });
          const cells: RowCells = {};
          for (const [column, key] of header) cells[key] = texts.get(column) ?? '';
          sink.accept(row, cells);
          products++;
        }
      }
      texts = new Map();
      unreadable = [];
      blank = true;
    },
  });
  if (!header)
    throw unprocessable('IMPORT_EMPTY', 'The sheet is empty: it needs a header row and at least one product row.');
  if (products === 0) throw unprocessable('IMPORT_EMPTY', 'The sheet has a header row but no product rows.');
}

function headerOf(texts: Map<number, string>): Map<number, ColumnKey> {
  const header = new Map<number, ColumnKey>();
  for (const [column, text] of texts) {
    const key = columnForHeader(text);
    if (key && ![...header.values()].includes(key)) header.set(column, key);
  }
  if (header.size === 0) {
    throw unprocessable(
      'IMPORT_MISSING_HEADER',
      'The first row must be the header (상품코드, 상품명, 가격, 재고, 카테고리, 판매여부 or SKU, Name, Price, Stock, Category, On sale).',
    );
  }
  const missing = SHEET_COLUMNS.filter((c) => c.required && ![...header.values()].includes(c.key));
  if (missing.length > 0) {
    throw unprocessable(
      'IMPORT_MISSING_COLUMNS',
      `The header has no column for: ${missing.map((c) => `${c.korean} (${c.english})`).join(', ')}.`,
      missing.map((c) => c.english),
    );
  }
  return header;
}
