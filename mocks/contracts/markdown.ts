/** Small helpers for Markdown that Docusaurus parses as CommonMark with raw HTML interpreted. */

/** The formatting tags vendor descriptions use (PortOne writes `<br>`, `<h5>`, `<ul><li>`). */
const htmlTags = /<\/?(?:a|b|br|code|div|em|h[1-6]|i|li|ol|p|pre|span|strong|ul)(?:\s[^>]*)?\/?>/gi;

/** Text from a contract, made safe as Markdown prose: vendor formatting tags dropped, everything else escaped. */
export function prose(text: string | undefined): string {
  return escapeText((text ?? '').replace(htmlTags, ' '));
}

/** Any text made safe as Markdown prose: `& < > { } |` escaped, whitespace collapsed. */
export function escapeText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\{/g, '&#123;')
    .replace(/\}/g, '&#125;')
    .replace(/\|/g, '&#124;')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Inline code; the content is literal, so it is not escaped (a backtick inside widens the fence). */
export function code(text: string): string {
  const fence = '`'.repeat(longestRun(text, '`') + 1);
  return text.includes('`') ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

/** A fenced code block; the fence is longer than any backtick run in the content. */
export function codeBlock(language: string, content: string): string {
  const fence = '`'.repeat(Math.max(3, longestRun(content, '`') + 1));
  return `${fence}${language}\n${content}\n${fence}`;
}

export function table(header: string[], rows: string[][]): string {
  if (rows.length === 0) return '';
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

function longestRun(text: string, char: string): number {
  return Math.max(0, ...[...text.matchAll(new RegExp(`\\${char}+`, 'g'))].map((run) => run[0].length));
}
