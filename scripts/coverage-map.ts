// The code ↔ policy map: which functions of the project each scenario ran. steps/support/coverage.ts records
// positions per worker; scripts/coverage-map-formatter.ts names them with the TypeScript source and writes the
// map beside the run's messages; the docs generator and `npm run test:affected` read it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type { FunctionEntry } from './coverage-map-file.ts';

export { COVERAGE_PARTS_ENV, type CoveragePart, type Positions } from './coverage-parts.ts';
export {
  COVERAGE_MAP_VERSION,
  readCoverageMap,
  type CoverageMap,
  type FunctionEntry,
  type ScenarioCoverage,
} from './coverage-map-file.ts';

export function hashFile(path: string): string | undefined {
  return existsSync(path) ? createHash('sha1').update(readFileSync(path)).digest('hex') : undefined;
}

interface Located extends FunctionEntry {
  start: number;
  end: number;
}

/** The named functions of a TypeScript file; positions inside anonymous callbacks belong to the named one around them. */
export class FunctionIndex {
  readonly entries: FunctionEntry[] = [];
  /** Every function-like node, with the entry its runs count for. */
  private readonly nodes: { start: number; end: number; entry: Located | undefined }[] = [];

  constructor(private readonly source: ts.SourceFile) {
    this.visit(source, undefined);
  }

  static ofFile(root: string, file: string): FunctionIndex {
    const text = readFileSync(join(root, file), 'utf8');
    return new FunctionIndex(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true));
  }

  /**
   * What a changed line belongs to: the named function around it; `types` for what has no runtime effect
   * (imports, types, interfaces, comments, blank lines); `module` for code that runs when the module loads.
   */
  lineOwner(line: number): { function: string } | 'types' | 'module' {
    const lines = this.source.getLineStarts();
    const start = lines[line - 1] ?? this.source.end;
    const end = (lines[line] ?? this.source.end) - 1;
    const text = this.source.text.slice(start, end).trim();
    if (text === '' || text.startsWith('//') || text.startsWith('*') || text.startsWith('/*')) return 'types';
    const owner = this.nodes
      .filter((node) => node.entry && node.start <= end && start < node.end)
      .sort((a, b) => b.start - a.start)[0]?.entry;
    if (owner) return { function: owner.name };
    const statement = this.source.statements.find((node) => node.getStart(this.source) <= end && start < node.end);
    const inert =
      !statement ||
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      (ts.isImportDeclaration(statement) && statement.importClause?.isTypeOnly === true) ||
      (ts.isExportDeclaration(statement) && statement.isTypeOnly);
    return inert ? 'types' : 'module';
  }

  /** The named function a position (from coverage) lies in. */
  at(line: number, column: number): FunctionEntry | undefined {
    const lines = this.source.getLineStarts();
    const lineStart = lines[line - 1];
    if (lineStart === undefined) return undefined;
    const pos = lineStart + column;
    const lineEnd = lines[line] ?? this.source.end;
    // Source maps may point a little before a function's first token (e.g. at `=` of `const f = () =>`): a
    // function starting later on the same line is the one meant.
    const startsHere = this.nodes
      .filter((node) => node.start >= pos && node.start < lineEnd)
      .sort((a, b) => a.start - b.start)[0];
    const around = this.nodes
      .filter((node) => node.start <= pos && pos < node.end)
      .sort((a, b) => b.start - a.start)[0];
    return (startsHere ?? around)?.entry;
  }

  private add(node: ts.Node, name: string, exported: boolean, kind: FunctionEntry['kind']): Located {
    const start = node.getStart(this.source);
    const line = this.source.getLineAndCharacterOfPosition(start).line + 1;
    this.entries.push({ name, line, exported, kind });
    return { name, line, exported, kind, start, end: node.end };
  }

  private visit(node: ts.Node, owner: Located | undefined): void {
    let next = owner;
    if (isFunctionLike(node)) {
      next = this.named(node, owner) ?? owner;
      this.nodes.push({ start: node.getStart(this.source), end: node.end, entry: next });
    }
    ts.forEachChild(node, (child) => this.visit(child, next));
  }

  /** A new entry when the function has a name of its own worth listing; undefined when it belongs to its owner. */
  private named(node: ts.FunctionLikeDeclaration, owner: Located | undefined): Located | undefined {
    const parent = node.parent;
    const topLevel = (statement: ts.Node) => statement.parent === this.source;
    if (ts.isFunctionDeclaration(node) && node.name && topLevel(node))
      return this.add(node, node.name.text, hasExport(node), 'function');
    if (ts.isClassElement(node) && ts.isClassLike(parent)) {
      const member = ts.isConstructorDeclaration(node) ? 'constructor' : node.name?.getText(this.source);
      const className = parent.name?.text ?? 'class';
      const isPrivate =
        ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Private ||
        (node.name && ts.isPrivateIdentifier(node.name));
      return this.add(node, `${className}.${member}`, hasExport(parent) && !isPrivate, 'member');
    }
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) && topLevel(parent.parent.parent)) {
      return this.add(node, parent.name.text, hasExport(parent.parent.parent), parent.type ? 'variable' : 'function');
    }
    if (ts.isPropertyDeclaration(parent) && ts.isClassLike(parent.parent)) {
      const isPrivate =
        ts.getCombinedModifierFlags(parent) & ts.ModifierFlags.Private || ts.isPrivateIdentifier(parent.name);
      return this.add(
        node,
        `${parent.parent.name?.text ?? 'class'}.${parent.name.getText(this.source)}`,
        hasExport(parent.parent) && !isPrivate,
        'member',
      );
    }
    if (
      owner &&
      !owner.name.includes(' › ') &&
      ts.isCallExpression(parent) &&
      ts.isPropertyAccessExpression(parent.expression)
    ) {
      const method = parent.expression.name.text;
      const [path] = parent.arguments;
      if (HTTP_METHODS.has(method) && path && ts.isStringLiteralLike(path))
        return this.add(node, `${owner.name} › ${method.toUpperCase()} ${path.text}`, false, 'handler');
    }
    return undefined;
  }
}

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

function hasExport(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}
