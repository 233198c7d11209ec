import { PGlite } from '@electric-sql/pglite';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// A new PGlite runs initdb, about 2 CPU-seconds; loading an initialised data directory takes about 0.5. The first
// embedded database of a PGlite version saves its fresh data directory under node_modules/.cache; later ones load
// it. The cache only saves time: when it cannot be read or written, initdb runs as it would without it.

const pgliteRoot = dirname(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')));
const cacheDir = join(pgliteRoot, '..', '..', '.cache', 'martbook');

async function templatePath(): Promise<string> {
  const { version } = JSON.parse(await readFile(join(pgliteRoot, 'package.json'), 'utf8')) as { version: string };
  return join(cacheDir, `pglite-${version}.tar`);
}

/** A fresh embedded Postgres, from the initialised template when there is one. */
export async function createPglite(): Promise<PGlite> {
  const path = await templatePath();
  const template = await readFile(path).catch(() => undefined);
  if (template) {
    const loaded = await PGlite.create({ loadDataDir: new Blob([template]) }).catch(() => undefined);
    if (loaded) return loaded;
  }
  const db = await PGlite.create();
  await saveTemplate(db, path).catch(() => undefined);
  return db;
}

/** Written under a name of its own, then renamed: a reader never sees half a template. */
async function saveTemplate(db: PGlite, path: string): Promise<void> {
  const dump = await db.dumpDataDir('none');
  await mkdir(cacheDir, { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
  await rename(partial, path);
}
