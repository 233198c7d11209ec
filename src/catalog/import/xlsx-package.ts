import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { DomainError } from '../../platform/errors.ts';
import type { ImportPolicyConfig } from './import.config.ts';

type WorksheetReader = ExcelJS.stream.xlsx.WorksheetReader;

/**
 * The parts of exceljs' WorkbookReader (4.4.0, pinned) that parse one package part each. Its own `parse()`
 * reads the zip in a single streaming pass (unzipper) that under load delivers worksheets before, or without,
 * xl/workbook.xml and xl/sharedStrings.xml (exceljs issues #3064 and #683): sheets then crash or lose every
 * text cell. The parts are read here through the zip's central directory instead, in the order they need.
 */
interface WorkbookPartParsers {
  model?: { sheets?: { rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(part: Readable): Promise<void>;
  _parseWorkbook(part: Readable): Promise<void>;
  _parseSharedStrings(part: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(part: Readable, sheetNo: string): Generator<{ value: WorksheetReader }>;
}

export const tooLarge = (code: string, message: string) => new DomainError(413, code, message);
const notXlsx = (cause?: unknown) => Object.assign(new DomainError(415, 'IMPORT_NOT_XLSX', 'The file is not an Excel workbook (.xlsx).'), { cause });
const zipBomb = (limitBytes: number, cause?: unknown) =>
  Object.assign(tooLarge('IMPORT_TOO_BIG_UNPACKED', `The workbook unpacks to more than ${Math.round(limitBytes / 1024 / 1024)} MB, or to more than it declares; it looks like a zip bomb.`), { cause });

/**
 * The refusal for anything that went wrong while reading a package: our own refusals as they are; a part that
 * unpacked past the size the zip directory declared (yauzl's `validateEntrySizes`) is a disguised zip bomb;
 * anything else the parsers threw means the file is not a workbook. `cause` is logged, never sent.
 */
export function packageRefusal(error: unknown, limits: ImportPolicyConfig): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof Error && error.message.startsWith('too many bytes in the stream')) return zipBomb(limits.maxUnpackedBytes, error);
  return notXlsx(error);
}

/**
 * Opens an .xlsx upload and returns its first worksheet (in the workbook's own sheet order) as a row stream.
 * Refuses a file that is not a zip, is not a workbook, or whose parts would unpack past the limit; the zip's
 * declared sizes are enforced while unpacking, so a part that lies about its size fails too.
 */
export async function openFirstWorksheet(file: Buffer, limits: ImportPolicyConfig): Promise<WorksheetReader> {
  const { zip, parts } = await readDirectory(file, limits);
  const open = async (path: string): Promise<Readable> => {
    const entry = parts.get(path);
    if (!entry) throw new Error(`the package has no ${path}`);
    return zip.openReadStreamPromise(entry);
  };
  try {
    // The reader's own input is never read: only its part parsers are used.
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore' });
    const parsers = reader as unknown as WorkbookPartParsers;
    await parsers._parseRels(await open('xl/_rels/workbook.xml.rels'));
    await parsers._parseWorkbook(await open('xl/workbook.xml'));
    if (parts.has('xl/sharedStrings.xml')) {
      for await (const _ of parsers._parseSharedStrings(await open('xl/sharedStrings.xml'))) void _;
    }
    const first = parsers.model?.sheets?.[0];
    const target = parsers.workbookRels?.find((rel) => rel.Id === first?.rId)?.Target;
    if (!target) throw new Error('the workbook names no worksheet');
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    const [emitted] = [...parsers._parseWorksheet(await open(path), /sheet(\d+)\.xml$/.exec(path)?.[1] ?? '1')];
    if (!emitted) throw new Error('exceljs emitted no worksheet');
    return emitted.value;
  } catch (error) {
    throw packageRefusal(error, limits);
  }
}

/** Reads the zip's directory only, refusing the file if its parts would unpack past the limit. */
async function readDirectory(file: Buffer, limits: ImportPolicyConfig): Promise<{ zip: yauzl.ZipFile; parts: Map<string, yauzl.Entry> }> {
  const parts = new Map<string, yauzl.Entry>();
  let zip: yauzl.ZipFile;
  let unpacked = 0;
  try {
    zip = await yauzl.fromBufferPromise(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
    for await (const entry of zip.eachEntry()) {
      unpacked += entry.uncompressedSize;
      if (unpacked > limits.maxUnpackedBytes) {
        zip.close();
        throw zipBomb(limits.maxUnpackedBytes);
      }
      parts.set(entry.fileName, entry);
    }
  } catch (error) {
    throw packageRefusal(error, limits);
  }
  return { zip, parts };
}
