// What changed since a git ref, and which feature files a run concerns: shared by `npm run test:affected` and
// the sentence audit's `--changed`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A changed file and the lines of its new version that changed (`all`: added, deleted or changed whole). */
export interface Change {
  file: string;
  lines: number[] | 'all';
}

/** A git ref that names no commit here: its message says which ref and what to give instead. */
export class UnknownRef extends Error {}

/** What changed between a git ref and the working tree (uncommitted and untracked files included). */
export function changesSince(ref: string, root: string): Change[] {
  const git = (args: string[]) => {
    const result = spawnSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr.trim() || 'no message'}`);
    return result.stdout;
  };
  const known = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: root });
  if (known.status !== 0)
    throw new UnknownRef(
      `"${ref}" names no commit in this repository: give a branch, tag or commit it has (git fetch it first in a shallow clone)`,
    );
  const changes = new Map<string, Change>();
  let current: Change | undefined;
  for (const line of git(['diff', '-U0', '--no-color', '--no-ext-diff', '--no-renames', ref, '--']).split('\n')) {
    const header = /^diff --git a\/(.+) b\/(.+)$/.exec(line);
    if (header) {
      current = { file: header[2]!, lines: [] };
      changes.set(current.file, current);
    } else if (
      current &&
      (line.startsWith('new file') || line.startsWith('deleted file') || line.startsWith('Binary files'))
    ) {
      current.lines = 'all';
    } else if (current && current.lines !== 'all' && line.startsWith('@@')) {
      const [, start = '0', count = '1'] = /^@@ -\S+ \+(\d+)(?:,(\d+))? @@/.exec(line) ?? [];
      // A deletion (count 0) touches the lines around where it was.
      const first = Number(start);
      const span =
        Number(count) === 0 ? [first, first + 1] : Array.from({ length: Number(count) }, (_, i) => first + i);
      current.lines.push(...span.filter((n) => n > 0));
    }
  }
  for (const file of git(['ls-files', '--others', '--exclude-standard']).split('\n').filter(Boolean))
    changes.set(file, { file, lines: 'all' });
  return [...changes.values()];
}

/**
 * The feature files under `paths` (files or folders, relative to `root`; a `:line` suffix is dropped), as
 * sorted paths relative to `root`. Default: the book, `features/` (none when there is no such folder).
 */
export function featureFiles(root: string, paths?: readonly string[]): string[] {
  const found = new Set<string>();
  for (const path of paths ?? ['features']) {
    const full = join(root, path.replace(/:\d+(?::\d+)*$/, ''));
    if (!existsSync(full)) {
      if (paths) throw new Error(`${path}: no such feature file or folder`);
      continue;
    }
    const files = statSync(full).isDirectory()
      ? readdirSync(full, { recursive: true, encoding: 'utf8' }).map((file) => join(full, file))
      : [full];
    for (const file of files) if (file.endsWith('.feature')) found.add(relative(root, file));
  }
  return [...found].sort();
}
