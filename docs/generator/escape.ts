// Every string from a feature or a run passes through here before it reaches a page. The pages are `.md` files
// that Docusaurus parses as CommonMark with raw HTML enabled (rehype-raw) and directives (remark-directive), so
// text must neither open HTML nor form Markdown, directive or heading-id syntax.

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
// ASCII punctuation that CommonMark, GFM tables, directives or heading ids can give meaning to.
const MARKDOWN_PUNCTUATION = /[\\`*_[\]()#+\-!|{}~:.=^$]/g;

/** Escapes HTML-significant characters for text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}

/** One line of literal inline text: HTML-escaped, Markdown punctuation backslash-escaped, newlines as spaces. */
export function inlineText(text: string): string {
  const markdownSafe = text.replace(/\r?\n|\r/g, ' ').replace(MARKDOWN_PUNCTUATION, (char) => `\\${char}`);
  return escapeHtml(markdownSafe).replace(/^ +| +$/g, (spaces) => spaces.replace(/ /g, '&#32;'));
}

/** A GFM table cell: inline text, which already escapes `|`, so the cell never splits. */
export function tableCell(text: string): string {
  const escaped = inlineText(text);
  return escaped === '' ? ' ' : escaped;
}

/** A fenced code block whose fence is longer than any backtick run inside, so the text cannot close it. */
export function codeBlock(text: string, language = 'text'): string {
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  const info = language.replace(/[^A-Za-z0-9_+-]/g, '');
  return `${fence}${info}\n${text.replace(/\r\n?/g, '\n')}\n${fence}`;
}

/** A YAML front matter scalar: JSON string quoting is valid YAML and escapes everything that matters. */
export function yamlString(text: string): string {
  return JSON.stringify(text);
}

/**
 * A page's front matter: strings JSON-quoted (valid YAML), numbers and booleans as they are, undefined left out.
 */
export function frontMatter(fields: Record<string, string | number | boolean | undefined>): string {
  const lines = Object.entries(fields).flatMap(([key, value]) =>
    value === undefined ? [] : [`${key}: ${typeof value === 'string' ? yamlString(value) : String(value)}`],
  );
  return `---\n${lines.join('\n')}\n---`;
}

/**
 * A page's meta description (`description:` in its front matter), which search results and link previews show
 * as written. Without one Docusaurus takes the page's first Markdown line, backslash escapes and all. From prose
 * that may hold Markdown (a feature's description): code spans, emphasis and link syntax dropped, one line, cut
 * at a word boundary past `limit` characters.
 */
export function metaDescription(text: string, limit = 200): string {
  const plain = text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`+/g, '')
    .replace(/(?<!\w)(\*\*|__|\*|_)(\S(?:.*?\S)?)\1(?!\w)/g, '$2')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length <= limit) return plain;
  return `${plain.slice(0, limit + 1).replace(/\s+\S*$/, '')}…`;
}

/** The first paragraph of a description (Gherkin keeps its lines' indentation), for a meta description. */
export function firstParagraph(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      .split(/\n\s*\n/)
      .find((paragraph) => paragraph.trim() !== '') ?? ''
  ).trim();
}

/**
 * A title for front matter or a sidebar label. Docusaurus 3.10 copies these unescaped into a JSON-LD
 * `<script>` (breadcrumbs), where `</script>` would end the script and run the rest as HTML; an invisible
 * word joiner after each `<` keeps `</script` and `<!--` from forming while the title reads the same.
 */
export function titleText(text: string): string {
  return text.replace(/</g, '<\u2060');
}

/** A stable, URL-safe id or file name part (ASCII); falls back to a short hash for non-Latin text. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug === '' ? `h${shortHash(text)}` : slug;
}

/** A short deterministic hash (FNV-1a, base 36). */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

const UNSAFE_SCHEME = /^\s*<?\s*(?:javascript|vbscript|data|file):/i;

/**
 * A feature description rendered as Markdown: formatting survives, but HTML shows as text (`<`, `>`, `&`
 * escaped outside code), links to script schemes and directives are neutralised, and the common indentation
 * Gherkin keeps is removed so lines do not become code blocks. An unclosed fence is closed.
 */
export function markdownDescription(description: string): string {
  const lines = dedent(description.replace(/\r\n?/g, '\n')).split('\n');
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of lines) {
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence !== undefined) {
      out.push(line);
      if (fenceMatch?.[1] && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length) fence = undefined;
      continue;
    }
    if (fenceMatch?.[1] && !(fenceMatch[1][0] === '`' && line.slice(fenceMatch[0].length).includes('`'))) {
      fence = fenceMatch[1];
      out.push(line.replace(/[<>&]/g, (char) => HTML_ENTITIES[char] ?? char));
      continue;
    }
    out.push(markdownLine(line));
  }
  if (fence !== undefined) out.push(fence);
  return out.join('\n').trim();
}

/** One description line outside fences: code spans kept, the rest neutralised. */
function markdownLine(line: string): string {
  const unsafeDefinition = /^\s{0,3}\[[^\]]*\]:/.test(line) && UNSAFE_SCHEME.test(line.replace(/^\s*\[[^\]]*\]:/, ''));
  const parts = line.split(/(`+)/);
  let result = '';
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index] ?? '';
    if (index % 2 === 1) {
      const closing = parts.indexOf(part, index + 1);
      if (closing > index) {
        result += parts.slice(index, closing + 1).join('');
        index = closing;
      } else {
        result += part.replace(/`/g, '\\`');
      }
      continue;
    }
    result += neutraliseText(part);
  }
  if (unsafeDefinition) result = result.replace('[', '\\[');
  // No headings, and no setext underline turning the previous line into one.
  return result.replace(/^(\s*)(#)/, '$1\\$2').replace(/^(\s{0,3})([-=]+\s*)$/, '$1\\$2');
}

function neutraliseText(text: string): string {
  return text
    .replace(/[<>&]/g, (char) => HTML_ENTITIES[char] ?? char)
    .replace(/\]\((?=\s*(?:&lt;)?\s*(?:javascript|vbscript|data|file):)/gi, ']\\(')
    .replace(/:(?=[A-Za-z:{[])/g, '\\:')
    .replace(/\{/g, '\\{');
}

function dedent(text: string): string {
  const lines = text.split('\n');
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)?.[0].length ?? 0);
  const common = indents.length === 0 ? 0 : Math.min(...indents);
  return lines.map((line) => line.slice(common)).join('\n');
}

/**
 * Text for a Mermaid diagram label: letters, digits, spaces and `/ . _ -` stay; every other character becomes a
 * Mermaid entity code (`#60;`), so no label can end a message, open a directive or carry HTML.
 */
export function mermaidText(text: string): string {
  return [...text.replace(/\s+/g, ' ')]
    .map((char) => (/^[\p{L}\p{N} /._-]$/u.test(char) ? char : `#${char.codePointAt(0)};`))
    .join('');
}
