import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { DomainError } from '../../platform/errors.ts';
import { parseXml } from './bounded-xml.ts';
import type { ImportPolicyConfig } from './import.config.ts';
import { readSharedStrings } from './shared-strings.ts';
import { maxTokenChars, refuse } from './sheet-limits.ts';
import { readWorksheet, type CellSink } from './worksheet-cells.ts';

const notXlsx = (cause?: unknown) =>
  Object.assign(new DomainError(415, 'IMPORT_NOT_XLSX', 'The file is not an Excel workbook (.xlsx).'), { cause });
const zipBomb = (limits: ImportPolicyConfig, cause?: unknown) =>
  Object.assign(refuse.tooBigUnpacked(limits), { cause });

/**
 * The refusal for anything that went wrong while reading a package: our own refusals as they are; a part that
 * unpacked past the size the zip directory declared (yauzl's `validateEntrySizes`) is a disguised zip bomb;
 * anything else the parsers threw means the file is not a workbook. `cause` is logged, never sent.
 */
function packageRefusal(error: unknown, limits: ImportPolicyConfig): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof Error && error.message.startsWith('too many bytes in the stream')) return zipBomb(limits, error);
  return notXlsx(error);
}

/**
 * Reads the first worksheet (in the workbook's own sheet order) of an .xlsx upload into `sink`, cell by cell.
 * The parts are opened through the zip's central directory, in the order they are needed (workbook, shared
 * strings, worksheet), whatever their order in the file. Refuses a file that is not a zip or not a workbook,
 * whose parts would unpack past the limit or past the sizes they declare, and every limit of a sheet while
 * reading it, so that no part is read further than its first excess.
 */
export async function readFirstWorksheet(file: Buffer, limits: ImportPolicyConfig, sink: CellSink): Promise<void> {
  const { zip, parts } = await readDirectory(file, limits);
  const open = async (path: string): Promise<Readable> => {
    const entry = parts.get(path);
    if (!entry) throw new Error(`the package has no ${path}`);
    return zip.openReadStreamPromise(entry);
  };
  try {
    const path = await firstSheetPath(open, limits);
    const strings = parts.has('xl/sharedStrings.xml')
      ? await readSharedStrings(await open('xl/sharedStrings.xml'), limits)
      : [];
    await readWorksheet(await open(path), strings, limits, sink);
  } catch (error) {
    throw packageRefusal(error, limits);
  } finally {
    zip.close();
  }
}

/** The package path of the workbook's first sheet, from xl/workbook.xml and its relationships. */
async function firstSheetPath(open: (path: string) => Promise<Readable>, limits: ImportPolicyConfig): Promise<string> {
  const bounds = { maxTokenChars: maxTokenChars(limits), tooLong: () => notXlsx() };
  let firstSheetRel: string | undefined;
  await parseXml(
    await open('xl/workbook.xml'),
    { open: ({ name, attributes }) => void (name === 'sheet' && (firstSheetRel ??= attributes['r:id'])) },
    bounds,
  );
  let target: string | undefined;
  await parseXml(
    await open('xl/_rels/workbook.xml.rels'),
    {
      open: ({ name, attributes }) =>
        void (name === 'Relationship' && attributes.Id === firstSheetRel && (target = attributes.Target)),
    },
    bounds,
  );
  if (!target) throw new Error('the workbook names no worksheet');
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** Reads the zip's directory only, refusing the file if its parts would unpack past the limit. */
async function readDirectory(
  file: Buffer,
  limits: ImportPolicyConfig,
): Promise<{ zip: yauzl.ZipFile; parts: Map<string, yauzl.Entry> }> {
  const parts = new Map<string, yauzl.Entry>();
  let zip: yauzl.ZipFile;
  let unpacked = 0;
  try {
    zip = await yauzl.fromBufferPromise(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
    for await (const entry of zip.eachEntry()) {
      unpacked += entry.uncompressedSize;
      if (unpacked > limits.maxUnpackedBytes) {
        zip.close();
        throw zipBomb(limits);
      }
      parts.set(entry.fileName, entry);
    }
  } catch (error) {
    throw packageRefusal(error, limits);
  }
  return { zip, parts };
}
