import ExcelJS from 'exceljs';
import { unprocessable } from '../../platform/errors.ts';
import type { ImportPolicyConfig } from './import.config.ts';
import { openFirstWorksheet, packageRefusal, tooLarge } from './xlsx-package.ts';
import { columnForHeader, SHEET_COLUMNS, type ColumnKey } from './sheet-columns.ts';
import type { RowCells, RowError } from './sheet-rows.ts';

/** Receives the sheet's product rows as they are read. */
export interface SheetSink {
  accept(row: number, cells: RowCells): void;
  /** A cell that could not be read at all (a formula with no saved value). */
  unreadable(error: RowError): void;
}

/**
 * Reads the first worksheet of an .xlsx upload as a stream, without ever evaluating a formula (the value the
 * spreadsheet app saved is used). Refuses hostile files before and while reading: not a zip, a zip that
 * unpacks past the limit, too many rows, an oversized cell, no header row, no product rows.
 */
export async function readProductSheet(file: Buffer, limits: ImportPolicyConfig, sink: SheetSink): Promise<void> {
  const worksheet = await openFirstWorksheet(file, limits);
  let rows = 0;
  let header: Map<number, ColumnKey> | undefined;
  try {
    for await (const row of worksheet) {
      const texts = new Map<number, string>();
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        const text = cellText(cell.value);
        if (text === undefined) sink.unreadable({ row: row.number, column: `column ${column}`, message: 'is a formula with no saved value' });
        else if (text.length > limits.maxCellChars) throw tooLarge('IMPORT_CELL_TOO_LARGE', `Row ${row.number} has a cell longer than ${limits.maxCellChars} characters.`);
        else texts.set(column, text);
      });
      if ([...texts.values()].every((t) => t.trim() === '')) continue;
      if (!header) {
        header = headerOf(texts);
        continue;
      }
      if (rows >= limits.maxRows) throw tooLarge('IMPORT_TOO_MANY_ROWS', `A sheet holds at most ${limits.maxRows.toLocaleString('en-US')} product rows.`);
      const cells: RowCells = {};
      for (const [column, key] of header) cells[key] = texts.get(column) ?? '';
      sink.accept(row.number, cells);
      rows++;
    }
  } catch (error) {
    throw packageRefusal(error, limits);
  }
  if (!header) throw unprocessable('IMPORT_EMPTY', 'The sheet is empty: it needs a header row and at least one product row.');
  if (rows === 0) throw unprocessable('IMPORT_EMPTY', 'The sheet has a header row but no product rows.');
}

function headerOf(texts: Map<number, string>): Map<number, ColumnKey> {
  const header = new Map<number, ColumnKey>();
  for (const [column, text] of texts) {
    const key = columnForHeader(text);
    if (key && ![...header.values()].includes(key)) header.set(column, key);
  }
  if (header.size === 0) {
    throw unprocessable('IMPORT_MISSING_HEADER', 'The first row must be the header (상품코드, 상품명, 가격, 재고, 카테고리, 판매여부 or SKU, Name, Price, Stock, Category, On sale).');
  }
  const missing = SHEET_COLUMNS.filter((c) => c.required && ![...header.values()].includes(c.key));
  if (missing.length > 0) {
    throw unprocessable('IMPORT_MISSING_COLUMNS', `The header has no column for: ${missing.map((c) => `${c.korean} (${c.english})`).join(', ')}.`, missing.map((c) => c.english));
  }
  return header;
}

/** A cell's text as the spreadsheet app saved it; undefined for a formula with no saved result. */
function cellText(value: ExcelJS.CellValue): string | undefined {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    return result === undefined || (typeof result === 'object' && result !== null && 'error' in result) ? undefined : cellText(result);
  }
  if ('text' in value) return String(value.text);
  if ('error' in value) return undefined;
  return undefined;
}
