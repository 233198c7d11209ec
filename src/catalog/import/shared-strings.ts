import { parseXml } from './bounded-xml.ts';
import type { ImportPolicyConfig } from './import.config.ts';
import { maxTokenChars, refuse, sharedTextBounds } from './sheet-limits.ts';

/**
 * Reads a workbook's shared-string table (xl/sharedStrings.xml) as plain texts, rich-text runs joined and
 * phonetic guides (`<rPh>`) left out. Every limit holds while reading: a text past the cell limit, or a
 * table past its bounds, is refused at that point, never read whole first.
 */
export async function readSharedStrings(
  part: AsyncIterable<Uint8Array>,
  limits: ImportPolicyConfig,
): Promise<string[]> {
  const bounds = sharedTextBounds(limits);
  const strings: string[] = [];
  let total = 0;
  let current: string | undefined;
  let inText = false;
  let phonetic = 0;
  await parseXml(
    part,
    {
      open: ({ name }) => {
        if (name === 'si') {
          if (strings.length >= bounds.maxStrings) throw refuse.tooMuchText(limits);
          current = '';
        } else if (name === 'rPh') phonetic++;
        else if (name === 't') inText = current !== undefined && phonetic === 0;
      },
      text: (text) => {
        if (!inText) return;
        current += text;
        if (current!.length > limits.maxCellChars) throw refuse.cellTooLarge(limits);
        total += text.length;
        if (total > bounds.maxChars) throw refuse.tooMuchText(limits);
      },
      close: (name) => {
        if (name === 't') inText = false;
        else if (name === 'rPh') phonetic--;
        else if (name === 'si' && current !== undefined) {
          strings.push(current);
          current = undefined;
        }
      },
    },
    { maxTokenChars: maxTokenChars(limits), tooLong: () => refuse.cellTooLarge(limits) },
  );
  return strings;
}
