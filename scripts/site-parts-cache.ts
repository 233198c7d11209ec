// Whether a part of the site that does not depend on the policy run (TypeDoc's API pages, the example run) must be
// written again: a part is kept when every file it is built from hashes as it did when it was last written and its
// output is the one written then. The record lives beside the other caches (node_modules/.cache/martbook/site-parts).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** What a part is built from, relative to the project's root. */
export interface PartInputs {
  /** Modules run to build it, with every module of the project they import (followed through relative imports). */
  modules?: readonly string[];
  /** Folders read whole (TypeDoc's src/, the fixture's features). */
  folders?: readonly string[];
  /** Single files: configurations, the lockfile (the versions of the libraries that write it). */
  files?: readonly string[];
}

/** Every file under a folder, as paths relative to root. */
function filesUnder(root: string, folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** The modules of the project an entry module imports, itself included (libraries are the lockfile's to name). */
function moduleGraph(root: string, entry: string): string[] {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
  };
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      const resolved = ts.resolveModuleName(fileName, file, options, ts.sys).resolvedModule;
      if (resolved && !resolved.isExternalLibraryImport) visit(resolve(resolved.resolvedFileName));
    }
  };
  visit(resolve(root, entry));
  return [...seen].map((file) => relative(root, file));
}

/** The files a part is built from, each with the hash of its content, in path order. */
export function hashInputs(root: string, inputs: PartInputs): Record<string, string> {
  const files = new Set([
    ...(inputs.modules ?? []).flatMap((entry) => moduleGraph(root, entry)),
    ...(inputs.folders ?? []).flatMap((folder) => filesUnder(root, folder)),
    ...(inputs.files ?? []),
  ]);
  return Object.fromEntries(
    [...files].sort().map((file) => [
      file,
      createHash('sha256')
        .update(readFileSync(join(root, file)))
        .digest('hex'),
    ]),
  );
}

/** One hash of a folder's files, their paths and contents; '' when it is missing. */
function hashOutput(outDir: string): string {
  if (!existsSync(outDir)) return '';
  const hash = createHash('sha256');
  for (const file of filesUnder(outDir, '.').sort()) hash.update(`${file}\0`).update(readFileSync(join(outDir, file)));
  return hash.digest('hex');
}

interface PartRecord {
  inputs: Record<string, string>;
  output: string;
}

export interface Verdict {
  fresh: boolean;
  /** Why it is kept or written again, for the phase's output. */
  reason: string;
}

const listed = (files: readonly string[]) =>
  files.slice(0, 3).join(', ') + (files.length > 3 ? ` and ${files.length - 3} more` : '');

/** Whether the output at outDir was written from these inputs and is as it was then. */
export function verdict(recordFile: string, outDir: string, inputs: Record<string, string>): Verdict {
  if (!existsSync(recordFile)) return { fresh: false, reason: 'no record of its last inputs' };
  const last = JSON.parse(readFileSync(recordFile, 'utf8')) as PartRecord;
  const changed = Object.keys({ ...last.inputs, ...inputs })
    .filter((file) => last.inputs[file] !== inputs[file])
    .sort();
  if (changed.length > 0) return { fresh: false, reason: `changed since last written: ${listed(changed)}` };
  const output = hashOutput(outDir);
  if (output === '') return { fresh: false, reason: `${outDir} is missing` };
  if (output !== last.output) return { fresh: false, reason: `${outDir} changed since it was written` };
  return { fresh: true, reason: `its ${Object.keys(inputs).length} input files are as when it was last written` };
}

/** Records the inputs the output at outDir was just written from. */
export function recordInputs(recordFile: string, outDir: string, inputs: Record<string, string>): void {
  mkdirSync(dirname(recordFile), { recursive: true });
  writeFileSync(recordFile, JSON.stringify({ inputs, output: hashOutput(outDir) } satisfies PartRecord));
}
