// Pages of the site showing the code behind steps and hooks: one page per source file, cut at each step
// definition or hook the pages link to (a heading per cut, so every link has its anchor). With a repository
// URL, steps link to the repository at the run's commit instead and no page is written.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { frontMatter, inlineText, slugify } from './escape.ts';

export type Source = { uri: string; line?: number } | undefined;

export class CodePages {
  private readonly requested = new Map<string, Set<number>>();
  private readonly exists = new Map<string, boolean>();

  /** root: where source uris are relative to; repoUrl + commit: link the repository instead of pages. */
  constructor(
    private readonly root: string,
    private readonly repo?: { url: string; commit: string },
  ) {}

  /** The link to a source location, relative to the pages' folder (`code/…`), or an absolute repository URL. */
  link(source: Source): string | undefined {
    if (!source || !this.fileExists(source.uri)) return undefined;
    if (this.repo)
      return `${this.repo.url.replace(/\/$/, '')}/blob/${this.repo.commit}/${encodeURI(source.uri)}${source.line ? `#L${source.line}` : ''}`;
    const lines = this.requested.get(source.uri) ?? new Set<number>();
    lines.add(source.line ?? 1);
    this.requested.set(source.uri, lines);
    return `code/${pageName(source.uri)}.md#line-${source.line ?? 1}`;
  }

  /** Writes one page per file linked so far into `<outDir>/code`; `finish` may add to each page. */
  write(outDir: string, finish: (page: string) => string = (page) => page): number {
    if (this.requested.size === 0) return 0;
    mkdirSync(join(outDir, 'code'), { recursive: true });
    writeFileSync(
      join(outDir, 'code', '_category_.json'),
      `${JSON.stringify({ label: 'Step code', position: 99 }, null, 2)}\n`,
    );
    for (const [uri, lines] of this.requested) {
      writeFileSync(
        join(outDir, 'code', `${pageName(uri)}.md`),
        finish(codePage(uri, readFileSync(join(this.root, uri), 'utf8'), [...lines])),
      );
    }
    return this.requested.size;
  }

  private fileExists(uri: string): boolean {
    let found = this.exists.get(uri);
    if (found === undefined) {
      found = !uri.includes('..') && !uri.startsWith('/') && existsSync(join(this.root, uri));
      this.exists.set(uri, found);
    }
    return found;
  }
}

function pageName(uri: string): string {
  return slugify(uri);
}

function codePage(uri: string, text: string, anchors: number[]): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const cuts = [...new Set(anchors.filter((line) => line >= 1 && line <= lines.length))].sort((a, b) => a - b);
  if (cuts[0] !== 1) cuts.unshift(1);
  const language = { '.ts': 'ts', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.tsx': 'tsx' }[extname(uri)] ?? 'text';
  const sections = cuts.map((start, index) => {
    const end = (cuts[index + 1] ?? lines.length + 1) - 1;
    const code = lines.slice(start - 1, end).join('\n');
    const longestRun = Math.max(0, ...[...code.matchAll(/`+/g)].map((match) => match[0].length));
    const fence = '`'.repeat(Math.max(3, longestRun + 1));
    const heading = `## ${start === end ? `Line ${start}` : `Lines ${start}–${end}`} {#line-${start}}`;
    return `${heading}\n\n${fence}${language} showLineNumbers=${start}\n${code}\n${fence}`;
  });
  return (
    [
      frontMatter({
        title: uri,
        description: `The step definitions and hooks of ${uri}, as the last run loaded them.`,
        hide_table_of_contents: true,
      }),
      `# ${inlineText(uri)}`,
      'The step definitions and hooks of this file, as the last run loaded them; the policy pages link to each one.',
      ...sections,
    ].join('\n\n') + '\n'
  );
}
