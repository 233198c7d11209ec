import { DomainError } from '../../platform/errors.ts';
import type { ImportPolicyConfig } from './import.config.ts';

const count = (n: number) => n.toLocaleString('en-US');
const tooLarge = (code: string, message: string) => new DomainError(413, code, message);

/**
 * The shared-string table serves every sheet of a workbook, and a sheet's text cells point into it. It is
 * held whole while the sheet is read, so it is bounded by what a sheet at the row limit could use: 16 texts
 * of 32 characters on average per row (a product row's own texts fit in 364 characters, the rest is room
 * for notes and other columns). With the defaults: 1,600,000 texts and 51,200,000 characters.
 */
export const sharedTextBounds = (limits: ImportPolicyConfig) => ({
  maxStrings: limits.maxRows * 16,
  maxChars: limits.maxRows * 16 * 32,
});

/**
 * The most characters of XML one text may take: a text at the cell limit written with an escape for every
 * character (`&amp;`, `&#x20AC;`) fits, anything longer is refused before it is read whole.
 */
export const maxTokenChars = (limits: ImportPolicyConfig) => limits.maxCellChars * 8;

/** Refusals that name the limit and the setting that holds it. */
export const refuse = {
  cellTooLarge: (limits: ImportPolicyConfig, row?: number) =>
    tooLarge(
      'IMPORT_CELL_TOO_LARGE',
      `${row === undefined ? 'The workbook has a text' : `Row ${row} has a cell`} longer than ${count(limits.maxCellChars)} characters (IMPORT_MAX_CELL_CHARS).`,
    ),
  tooManyRows: (limits: ImportPolicyConfig) =>
    tooLarge(
      'IMPORT_TOO_MANY_ROWS',
      `A sheet holds at most ${count(limits.maxRows + 1)} rows, blank ones included: a header and ${count(limits.maxRows)} rows below it (IMPORT_MAX_ROWS).`,
    ),
  tooMuchText: (limits: ImportPolicyConfig) => {
    const bounds = sharedTextBounds(limits);
    return tooLarge(
      'IMPORT_TOO_MUCH_TEXT',
      `The workbook holds more text than a sheet of ${count(limits.maxRows)} rows needs: at most ${count(bounds.maxStrings)} texts of ${count(bounds.maxChars)} characters in all (IMPORT_MAX_ROWS).`,
    );
  },
  tooBigUnpacked: (limits: ImportPolicyConfig) =>
    tooLarge(
      'IMPORT_TOO_BIG_UNPACKED',
      `The workbook unpacks to more than ${Math.round(limits.maxUnpackedBytes / 1024 / 1024)} MB (IMPORT_MAX_UNPACKED_BYTES), or to more than it declares; it looks like a zip bomb.`,
    ),
};
