// Finds the feature files on disk and parses those the run did not cover with @cucumber/gherkin, so every
// policy gets a page even when it was never run.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { generateMessages } from '@cucumber/gherkin';
import { IdGenerator, SourceMediaType, type Envelope } from '@cucumber/messages';
import { addEnvelope, type LoadedRun } from './load-run.ts';

export const DEFAULT_FEATURE_GLOBS = ['features/**/*.feature', 'features/**/*.feature.md'];

/** Adds the Gherkin documents and pickles of every matching file the run has no document for. */
export function addUncoveredFeatures(run: LoadedRun, root: string, globs: readonly string[]): string[] {
  const added: string[] = [];
  const newId = IdGenerator.uuid();
  const erroredUris = new Set(run.parseErrors.map((error) => error.source.uri));
  for (const uri of findFiles(root, globs)) {
    if (run.documents.has(uri) || erroredUris.has(uri)) continue;
    const data = readFileSync(join(root, uri), 'utf8');
    for (const envelope of gherkinMessages(uri, data, { pickles: true, newId })) addEnvelope(run, envelope);
    added.push(uri);
  }
  return added;
}

/** A feature file's Gherkin document (and pickles, when asked), plain Gherkin or Markdown by its name. */
export function gherkinMessages(
  uri: string,
  data: string,
  options: { pickles: boolean; newId: IdGenerator.NewId },
): readonly Envelope[] {
  const mediaType = uri.endsWith('.md')
    ? SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_MARKDOWN
    : SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN;
  return generateMessages(data, uri, mediaType, {
    includeSource: false,
    includeGherkinDocument: true,
    includePickles: options.pickles,
    newId: options.newId,
  });
}

/** Files under root matching any glob (`**` = any folders, `*` = any name part), as sorted posix uris. */
export function findFiles(root: string, globs: readonly string[]): string[] {
  const found = new Set<string>();
  for (const glob of globs) {
    if (!hasWildcard(glob)) {
      if (existsSync(join(root, glob)) && statSync(join(root, glob)).isFile()) found.add(glob);
      continue;
    }
    const pattern = globToRegExp(glob);
    const base = glob.split('/').filter((_, index, parts) => !parts.slice(0, index + 1).some(hasWildcard));
    for (const file of walk(join(root, ...base))) {
      const uri = relative(root, file).split(sep).join('/');
      if (pattern.test(uri)) found.add(uri);
    }
  }
  return [...found].sort();
}

/** Whether a posix uri matches any of the globs. */
export function matchesGlobs(uri: string, globs: readonly string[]): boolean {
  return globs.some((glob) => (hasWildcard(glob) ? globToRegExp(glob).test(uri) : glob === uri));
}

function hasWildcard(part: string): boolean {
  return /[*?[{]/.test(part);
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index] ?? '';
    if (glob.startsWith('**/', index)) {
      source += '(?:[^/]+/)*';
      index += 2;
    } else if (glob.startsWith('**', index)) {
      source += '.*';
      index += 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function* walk(dir: string): Generator<string> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}
