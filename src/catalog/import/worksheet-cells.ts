import { parseXml } from './bounded-xml.ts';
import type { ImportPolicyConfig } from './import.config.ts';
import { maxTokenChars, refuse } from './sheet-limits.ts';

/** Receives a worksheet's cells row by row, as they are read. */
export interface CellSink {
  /** A cell's text as the spreadsheet app saved it; undefined for a formula with no saved value or an error. */
  cell(row: number, column: number, text: string | undefined): void;
  rowEnd(row: number): void;
}

interface OpenCell {
  column: number;
  type: string;
  formula: boolean;
  value: string | undefined;
}

/**
 * Reads a worksheet part (xl/worksheets/sheetN.xml) cell by cell, without evaluating formulas: a formula's
 * saved value is its text. Limits hold while reading: every `<row>` counts toward the row limit, blank or
 * not (the header and IMPORT_MAX_ROWS rows below it), and a cell is refused as soon as its text passes the
 * cell limit.
 */
export async function readWorksheet(
  part: AsyncIterable<Uint8Array>,
  sharedStrings: readonly string[],
  limits: ImportPolicyConfig,
  sink: CellSink,
): Promise<void> {
  let inSheetData = false;
  let rows = 0;
  let row: number | undefined;
  let cell: OpenCell | undefined;
  let capturing = false;
  let phonetic = 0;
  await parseXml(
    part,
    {
      open: ({ name, attributes }) => {
        if (name === 'sheetData') inSheetData = true;
        else if (name === 'row' && inSheetData) {
          if (++rows > limits.maxRows + 1) throw refuse.tooManyRows(limits);
          row = positive(attributes.r) ?? (row ?? 0) + 1;
        } else if (name === 'c' && row !== undefined) {
          const column = columnOf(attributes.r) ?? (cell?.column ?? 0) + 1;
          cell = { column, type: attributes.t ?? 'n', formula: false, value: undefined };
        } else if (!cell) return;
        else if (name === 'f') cell.formula = true;
        else if (name === 'rPh') phonetic++;
        else if (name === 'v' || (name === 't' && phonetic === 0)) {
          capturing = true;
          cell.value ??= '';
        }
      },
      text: (text) => {
        if (!capturing) return;
        cell!.value += text;
        if (cell!.value!.length > limits.maxCellChars) throw refuse.cellTooLarge(limits, row);
      },
      close: (name) => {
        if (name === 'v' || name === 't') capturing = false;
        else if (name === 'rPh') phonetic--;
        else if (name === 'c' && cell && row !== undefined) {
          const text = textOf(cell, sharedStrings);
          if (text !== '') sink.cell(row, cell.column, text);
        } else if (name === 'row' && row !== undefined) {
          sink.rowEnd(row);
          cell = undefined;
        } else if (name === 'sheetData') inSheetData = false;
      },
    },
    { maxTokenChars: maxTokenChars(limits), tooLong: () => refuse.cellTooLarge(limits, row) },
  );
}

/** A cell's text: the saved value of a formula, a shared or inline string, a number as the app saved it. */
function textOf(cell: OpenCell, sharedStrings: readonly string[]): string | undefined {
  const { type, value } = cell;
  if (cell.formula && (value === undefined || type === 'e')) return undefined;
  if (value === undefined) return '';
  switch (type) {
    case 's':
      return sharedStrings[Number.parseInt(value, 10)] ?? '';
    case 'str':
    case 'inlineStr':
      return value;
    case 'b':
      return String(Number.parseInt(value, 10) !== 0);
    case 'e':
      return undefined;
    default: {
      const number = Number.parseFloat(value);
      return Number.isNaN(number) ? value.trim() : String(number);
    }
  }
}

const positive = (text: string | undefined) => {
  const n = text === undefined ? Number.NaN : Number.parseInt(text, 10);
  return n > 0 ? n : undefined;
};

/** The column number of a cell reference: `A7` is 1, `AB7` is 28. */
function columnOf(ref: string | undefined): number | undefined {
  const letters = ref && /^([A-Z]{1,3})\d+$/.exec(ref)?.[1];
  if (!letters) return undefined;
  return [...letters].reduce((n, letter) => n * 26 + letter.charCodeAt(0) - 64, 0);
}
