// Values a page shows that change with every run (durations, the run's time, the statuses of the history strips) are
// marked where they are rendered (runValue, runValueIndex) and moved out of the page when it is written (writePage):
// the Markdown holds `<policy-run-value n="…">` in a value's place (rendered by docs/src/components/RunValue.js), or
// only its number in an element's attribute (`<policy-history n="…">`, whose component reads the value), and the
// page's side file (docs/run-front-matter.ts) holds them as `run_values`, beside other per-run front matter such as
// `history_runs`. A page whose policies ran as before is then written byte-identical, whatever the run's durations
// and however many runs the history holds, and the site's build need not compile it again.
import { writeFileSync } from 'node:fs';
import { runFrontMatterPath } from '../run-front-matter.ts';

// Private-use characters around a value (an element in its place), and around a value an attribute names by its
// number. Should a feature's text hold such a pair, what lies between would move to the side file and render as the
// same characters, as plain text.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const INDEX_OPEN = '\uE002';
const INDEX_CLOSE = '\uE003';
const MARKS = `${OPEN}${CLOSE}${INDEX_OPEN}${INDEX_CLOSE}`;
const MARKED = new RegExp(`${OPEN}([^${MARKS}]*)${CLOSE}|${INDEX_OPEN}([^${MARKS}]*)${INDEX_CLOSE}`, 'g');

/** `text`, marked as a value of this run. */
export function runValue(text: string): string {
  return text === '' ? '' : `${OPEN}${text}${CLOSE}`;
}

/**
 * `text` as a value of this run, in an element's attribute: the page is written with the value's number in the
 * page's `run_values` in its place (`<policy-history n="…">` with this as the attribute is written
 * `<policy-history n="0">`), and the element's component reads the value from there.
 */
export function runValueIndex(text: string): string {
  return `${INDEX_OPEN}${text}${INDEX_CLOSE}`;
}

/** The page with each marked value replaced by its element or its number, and the values in order. */
export function splitRunValues(markdown: string): { markdown: string; values: string[] } {
  const values: string[] = [];
  const page = markdown.replace(MARKED, (_, text: string | undefined, indexed: string | undefined) => {
    values.push(text ?? indexed ?? '');
    const n = values.length - 1;
    return text === undefined ? String(n) : `<policy-run-value n="${n}"></policy-run-value>`;
  });
  return { markdown: page, values };
}

/** Writes the page and, when it has any, its per-run front matter beside it. */
export function writePage(path: string, markdown: string, runFrontMatter: Record<string, unknown> = {}): void {
  const { markdown: page, values } = splitRunValues(markdown);
  writeFileSync(path, page);
  const fields = Object.fromEntries(
    Object.entries({ ...runFrontMatter, run_values: values.length > 0 ? values : undefined }).filter(
      ([, value]) => value !== undefined,
    ),
  );
  if (Object.keys(fields).length > 0) writeFileSync(runFrontMatterPath(path), `${JSON.stringify(fields)}\n`);
}
