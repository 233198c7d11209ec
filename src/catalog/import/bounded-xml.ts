import { SaxesParser, type SaxesTagPlain } from 'saxes';

/** What a part parser does with the XML, event by event (synchronously, as the parser reads). */
export interface XmlHandlers {
  open?(tag: SaxesTagPlain): void;
  text?(text: string): void;
  close?(name: string): void;
}

export interface XmlBounds {
  /**
   * Most characters the parser may hold between two events: one text node, attribute, name, comment or
   * CDATA section. saxes keeps such a token whole until it ends, so an unbounded one is unbounded memory.
   */
  maxTokenChars: number;
  /** The refusal for a token past the bound (it is a text too long for a cell in any real workbook). */
  tooLong: () => Error;
}

/** The parser is fed at most this many characters at a time, so a long token is caught within one slice. */
const SLICE_CHARS = 16 * 1024;
/** Office parts nest a dozen elements deep and carry a handful of attributes; these are far beyond. */
const MAX_DEPTH = 64;
const MAX_ATTRIBUTES = 64;

const malformed = (what: string) => new Error(`malformed part: ${what}`);

/**
 * Streams one XML part through saxes with its memory bounded: no token longer than `maxTokenChars`, no
 * nesting deeper than 64, no element with more than 64 attributes. Stops reading the part at the first
 * refusal (a handler's or the bounds'), so a hostile part is never read further than its first excess.
 */
export async function parseXml(
  part: AsyncIterable<Uint8Array>,
  handlers: XmlHandlers,
  bounds: XmlBounds,
): Promise<void> {
  const parser = new SaxesParser();
  const decoder = new TextDecoder('utf-8');
  let sawEvent = false;
  let depth = 0;
  let attributes = 0;
  const seen = () => {
    sawEvent = true;
  };
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentagstart', () => {
    seen();
    attributes = 0;
  });
  parser.on('attribute', () => {
    seen();
    if (++attributes > MAX_ATTRIBUTES) throw malformed(`more than ${MAX_ATTRIBUTES} attributes on one element`);
  });
  parser.on('opentag', (tag) => {
    seen();
    if (!tag.isSelfClosing && ++depth > MAX_DEPTH) throw malformed(`elements nested more than ${MAX_DEPTH} deep`);
    handlers.open?.(tag);
  });
  parser.on('closetag', (tag) => {
    seen();
    if (!tag.isSelfClosing) depth--;
    handlers.close?.(tag.name);
  });
  parser.on('text', (text) => {
    seen();
    handlers.text?.(text);
  });
  parser.on('cdata', (text) => {
    seen();
    handlers.text?.(text);
  });
  for (const event of ['comment', 'processinginstruction', 'doctype', 'xmldecl'] as const) parser.on(event, seen);

  let sinceEvent = 0;
  const feed = (text: string) => {
    for (let at = 0; at < text.length; at += SLICE_CHARS) {
      const slice = text.slice(at, at + SLICE_CHARS);
      sawEvent = false;
      parser.write(slice);
      sinceEvent = sawEvent ? 0 : sinceEvent + slice.length;
      // What saxes holds now is at most what it was fed since the last event plus one slice.
      if (sinceEvent > bounds.maxTokenChars) throw bounds.tooLong();
    }
  };
  for await (const chunk of part) feed(decoder.decode(chunk, { stream: true }));
  feed(decoder.decode());
  parser.close();
}
