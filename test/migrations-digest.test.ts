import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { it } from 'node:test';
import { migrationsDigest } from '../src/platform/migrate.ts';

const runner = [
  new URL('../src/platform/migrate.ts', import.meta.url),
  new URL('../src/platform/database.ts', import.meta.url),
];

it('keys the migrated template on the runner that applies the migrations, not only on the files', async () => {
  assert.equal(await migrationsDigest(), await migrationsDigest(runner));
  const dir = await mkdtemp(join(tmpdir(), 'migrations-digest-'));
  try {
    const copy = pathToFileURL(join(dir, 'migrate.ts'));
    const text = await readFile(runner[0]!, 'utf8');
    await writeFile(copy, text);
    assert.equal(await migrationsDigest([copy, runner[1]!]), await migrationsDigest(runner));
    await writeFile(copy, text.replace('.split(/;\\s*$/m)', '.split(/;/)'));
    assert.notEqual(await migrationsDigest([copy, runner[1]!]), await migrationsDigest(runner));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
