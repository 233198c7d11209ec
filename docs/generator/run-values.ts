// Values a page shows that change with every run (durations) are marked where they are rendered (runValue) and
// moved out of the page when it is written (writePage): the Markdown holds `<policy-run-value n="…">` in their place
// (rendered by docs/src/components/RunValue.js), and the page's side file (docs/run-front-matter.ts) holds them as
// `run_values`, beside other per-run front matter such as `history_runs`. A page whose policies ran as before is
// then written byte-identical, and the site's build need not compile it again.
import { writeFileSync } from 'node:fs';
import { runFrontMatterPath } from '../run-front-matter.ts';

// Private-use characters around a value. Should a feature's text hold such a pair, what lies between would move to
// the side file and render as the same characters, as plain text.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKED = new RegExp(`${OPEN}([^${OPEN}${CLOSE}]*)${CLOSE}`, 'g');

/** `text`, marked as a value of this run. */
export function runValue(text: string): string {
  return text === '' ? '' : `${OPEN}${text}${CLOSE}`;
}

/** The page with each marked value replaced by its element, and the values in order. */
export function splitRunValues(markdown: string): { markdown: string; values: string[] } {
  const values: string[] = [];
  const page = markdown.replace(MARKED, (_, text: string) => {
    values.push(text);
    return `<policy-run-value n="${values.length - 1}"></policy-run-value>`;
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
