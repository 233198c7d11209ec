// A page's meta description in plain words. A page without `description:` in its front matter gets the one
// Docusaurus would take (its first line of prose, Markdown syntax stripped) without the backslash escapes that
// stripping leaves: TypeDoc's API pages escape `<`, `_`, `*` (`Brand\<string\>`), and search results and link
// previews showed them. The policy pages state their own description (docs/generator/escape.ts metaDescription).
import { createExcerpt } from '@docusaurus/utils';
import type { ParseFrontMatter } from '@docusaurus/types';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The first line of prose as Docusaurus takes it, in plain text: Markdown escapes (`\<`, `\_`) become the
 * characters they stand for. They are held as character references while Docusaurus strips the syntax, so an
 * escaped `<…>` is not taken for an HTML tag nor an escaped `_` for emphasis, and decoded afterwards.
 */
export function plainExcerpt(markdown: string): string | undefined {
  const held = markdown.replace(/\\([!-/:-@[-`{-~])/g, (_, char: string) => `&#${char.charCodeAt(0)};`);
  return createExcerpt(held)?.replace(/&(?:#(\d+)|(\w+));/g, (reference, code?: string, name?: string) =>
    code !== undefined ? String.fromCharCode(Number(code)) : (ENTITIES[name ?? ''] ?? reference),
  );
}

/**
 * Docusaurus' own front matter, plus a description from the first line of prose when the page states none.
 * Headings are not prose: an API page of a module opens with group headings ("Classes") before its first comment.
 */
export const parseFrontMatter: ParseFrontMatter = async (params) => {
  const parsed = await params.defaultParseFrontMatter(params);
  if (parsed.frontMatter.description !== undefined) return parsed;
  const description = plainExcerpt(parsed.content.replace(/^#{1,6}\s.*$/gm, ''));
  return description === undefined ? parsed : { ...parsed, frontMatter: { ...parsed.frontMatter, description } };
};
