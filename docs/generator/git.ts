// The generator's few questions to git: one command's output, and many files at one commit in one process.
import { execFileSync } from 'node:child_process';

/** A git command's output without its trailing newline; undefined when git fails or is missing. */
export function gitOutput(cwd: string, args: string[]): string | undefined {
  try {
    const output = execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    }).replace(/\n$/, '');
    return output === '' ? undefined : output;
  } catch {
    return undefined;
  }
}

/**
 * The text of files at a commit, by their paths relative to `cwd`, read with one `git cat-file --batch`; a path
 * the commit does not hold is left out.
 */
export function filesAt(cwd: string, commit: string, paths: readonly string[]): Map<string, string> {
  const files = new Map<string, string>();
  if (paths.length === 0) return files;
  const prefix = gitOutput(cwd, ['rev-parse', '--show-prefix']) ?? '';
  let output: Buffer;
  try {
    output = execFileSync('git', ['cat-file', '--batch'], {
      cwd,
      input: paths.map((path) => `${commit}:${prefix}${path}\n`).join(''),
      stdio: ['pipe', 'pipe', 'ignore'],
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch {
    return files;
  }
  // Each answer: "<oid> <type> <size>\n<content>\n", or "<name> missing\n".
  let at = 0;
  for (const path of paths) {
    const end = output.indexOf(0x0a, at);
    if (end < 0) break;
    const found = /^[0-9a-f]+ (\w+) (\d+)$/.exec(output.toString('utf8', at, end));
    at = end + 1;
    if (!found) continue;
    const size = Number(found[2]);
    if (found[1] === 'blob') files.set(path, output.toString('utf8', at, at + size));
    at += size + 1;
  }
  return files;
}
