// scripts/site-parts-cache.ts: npm test keeps the API pages and the example run only while every file they are built
// from, and the pages themselves, are as they were when last written — never stale pages.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { type PartInputs, hashInputs, recordInputs, verdict } from '../scripts/site-parts-cache.ts';

const INPUTS: PartInputs = { modules: ['build.ts'], folders: ['src'], files: ['tsconfig.json'] };
let root: string;
let out: string;
let recordFile: string;

function write(file: string, text: string): void {
  mkdirSync(join(root, file, '..'), { recursive: true });
  writeFileSync(join(root, file), text);
}
const check = () => verdict(recordFile, out, hashInputs(root, INPUTS));

describe('the site parts cache', () => {
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'martbook-site-parts-'));
    out = join(root, 'out');
    recordFile = join(root, 'cache', 'part.json');
    write('build.ts', "import { page } from './render.ts';\nimport ts from 'typescript';\nexport const run = page;\n");
    write('render.ts', "export const page = 'v1';\n");
    write('unused.ts', "export const other = 'v1';\n");
    write('src/refund/refund.store.ts', 'export const days = 7;\n');
    write('tsconfig.json', '{}\n');
    write('out/index.md', '# API\n');
    recordInputs(recordFile, out, hashInputs(root, INPUTS));
  });
  afterEach(() => rmSync(root, { recursive: true }));

  it('keeps the output while nothing it is built from changed', () => {
    assert.equal(check().fresh, true);
  });

  it('writes it again when a src file changes, is added or is removed, naming the file', () => {
    write('src/refund/refund.store.ts', 'export const days = 8;\n');
    assert.deepEqual(check(), { fresh: false, reason: 'changed since last written: src/refund/refund.store.ts' });
    recordInputs(recordFile, out, hashInputs(root, INPUTS));
    write('src/refund/refund.config.ts', 'export const x = 1;\n');
    assert.equal(check().reason, 'changed since last written: src/refund/refund.config.ts');
    rmSync(join(root, 'src/refund/refund.store.ts'));
    assert.equal(check().reason, 'changed since last written: src/refund/refund.config.ts, src/refund/refund.store.ts');
  });

  it('follows the modules the build imports, and only those', () => {
    write('unused.ts', "export const other = 'v2';\n");
    assert.equal(check().fresh, true);
    write('render.ts', "export const page = 'v2';\n");
    assert.deepEqual(check(), { fresh: false, reason: 'changed since last written: render.ts' });
  });

  it('writes it again when the output is missing or was changed since', () => {
    write('out/index.md', '# API, edited\n');
    assert.deepEqual(check(), { fresh: false, reason: `${out} changed since it was written` });
    rmSync(out, { recursive: true });
    assert.deepEqual(check(), { fresh: false, reason: `${out} is missing` });
    rmSync(join(root, 'cache'), { recursive: true });
    assert.deepEqual(check(), { fresh: false, reason: 'no record of its last inputs' });
  });
});
