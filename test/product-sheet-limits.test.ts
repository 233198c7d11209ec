import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { parseXml } from '../src/catalog/import/bounded-xml.ts';
import { readSharedStrings } from '../src/catalog/import/shared-strings.ts';
import { readWorksheet } from '../src/catalog/import/worksheet-cells.ts';
import { loadConfig } from '../src/platform/config.ts';
import { DomainError } from '../src/platform/errors.ts';

const limits = { ...loadConfig({}).productImport, maxRows: 100, maxCellChars: 10_000 };
const KB = 1024;
const refusal = (code: string) => (error: unknown) => error instanceof DomainError && error.code === code;

/**
 * A part of `head`, then `body` repeated until `totalBytes`, then `tail` — produced lazily, counting the
 * bytes the reader actually pulled. A reader that stops at its limit pulls a few chunks of a 150 MB part.
 */
function hostilePart(head: string, body: string, tail: string, totalBytes: number) {
  const chunk = Buffer.from(body.repeat(Math.ceil((64 * KB) / body.length)));
  const pulled = { bytes: 0 };
  async function* part() {
    for (const piece of [Buffer.from(head), ...chunks(), Buffer.from(tail)]) {
      pulled.bytes += piece.length;
      yield piece;
    }
  }
  function* chunks() {
    for (let sent = 0; sent < totalBytes; sent += chunk.length) yield chunk;
  }
  return { part: part(), pulled };
}

const MB_150 = 150 * 1024 * KB;

describe('product sheet limits hold while reading', () => {
  it('stops reading a shared text of 150 MB within 200 KB of the cell limit', async () => {
    const { part, pulled } = hostilePart('<sst><si><t>', 'x', '</t></si></sst>', MB_150);
    await assert.rejects(readSharedStrings(part, limits), refusal('IMPORT_CELL_TOO_LARGE'));
    assert.ok(pulled.bytes < 200 * KB, `read ${pulled.bytes} bytes of a 150 MB part`);
  });

  it('stops reading a shared text made of many short runs at the cell limit', async () => {
    const { part, pulled } = hostilePart('<sst><si>', '<r><t>xxxxxxxxxx</t></r>', '</si></sst>', MB_150);
    await assert.rejects(readSharedStrings(part, limits), refusal('IMPORT_CELL_TOO_LARGE'));
    assert.ok(pulled.bytes < 200 * KB, `read ${pulled.bytes} bytes of a 150 MB part`);
  });

  it('stops reading a table of texts at its bounds (16 texts a row at the row limit)', async () => {
    const { part, pulled } = hostilePart('<sst>', '<si><t>x</t></si>', '</sst>', MB_150);
    await assert.rejects(readSharedStrings(part, limits), refusal('IMPORT_TOO_MUCH_TEXT'));
    assert.ok(pulled.bytes < 200 * KB, `read ${pulled.bytes} bytes of a 150 MB part`);
  });

  it('counts blank rows toward the row limit and stops reading there', async () => {
    const { part, pulled } = hostilePart('<worksheet><sheetData>', '<row></row>', '</sheetData></worksheet>', MB_150);
    const rowsEnded: number[] = [];
    await assert.rejects(
      readWorksheet(part, [], limits, { cell: () => undefined, rowEnd: (row) => rowsEnded.push(row) }),
      refusal('IMPORT_TOO_MANY_ROWS'),
    );
    assert.equal(rowsEnded.length, limits.maxRows + 1, 'the header and the row limit below it');
    assert.ok(pulled.bytes < 200 * KB, `read ${pulled.bytes} bytes of a 150 MB part`);
  });

  it('stops reading an inline cell text at the cell limit', async () => {
    const { part, pulled } = hostilePart(
      '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>',
      'x',
      '</t></is></c></row></sheetData></worksheet>',
      MB_150,
    );
    await assert.rejects(
      readWorksheet(part, [], limits, { cell: () => undefined, rowEnd: () => undefined }),
      refusal('IMPORT_CELL_TOO_LARGE'),
    );
    assert.ok(pulled.bytes < 200 * KB, `read ${pulled.bytes} bytes of a 150 MB part`);
  });

  for (const [what, head, body] of [
    ['an attribute value', '<sst><si a="', 'x'],
    ['a CDATA section full of markup', '<sst><si><t><![CDATA[', '<x>'],
    ['a comment', '<sst><!--', 'x'],
    ['an element name', '<sst><x', 'x'],
  ] as const) {
    it(`never holds ${what} longer than the token bound`, async () => {
      const { part, pulled } = hostilePart(head, body, '', MB_150);
      const tooLong = new Error('token too long');
      await assert.rejects(
        parseXml(part, {}, { maxTokenChars: 80_000, tooLong: () => tooLong }),
        (error) => error === tooLong,
      );
      assert.ok(pulled.bytes < 200 * KB, `read ${pulled.bytes} bytes of a 150 MB part`);
    });
  }

  it('refuses elements nested past any real workbook', async () => {
    const { part } = hostilePart('<sst>', '<x>', '', MB_150);
    await assert.rejects(
      parseXml(part, {}, { maxTokenChars: 80_000, tooLong: () => new Error('token too long') }),
      /nested more than 64 deep/,
    );
  });

  it('reads rich text as one text, without its phonetic guide', async () => {
    const xml =
      '<sst><si><r><t>Mi</t></r><r><t xml:space="preserve">lk </t></r><rPh><t>ミルク</t></rPh></si><si><t>Eggs &amp; ham</t></si></sst>';
    assert.deepEqual(await readSharedStrings(Readable.from([Buffer.from(xml)]), limits), ['Milk ', 'Eggs & ham']);
  });
});
