import { PGlite } from '@electric-sql/pglite';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// A new PGlite runs initdb, about 2 CPU-seconds; loading an initialised data directory takes about 0.5. The first
// embedded database of a PGlite version saves its fresh data directory under node_modules/.cache; later ones load
// it. A database set up further (migrated) can be kept too, under the digest of what set it up (one per version).
// The cache only saves time: when it cannot be read or written, the database is made as it would be without it.

const pgliteRoot = dirname(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')));
const cacheDir = join(pgliteRoot, '..', '..', '.cache', 'martbook');

async function templateName(setUp?: string): Promise<string> {
  const { version } = JSON.parse(await readFile(join(pgliteRoot, 'package.json'), 'utf8')) as { version: string };
  return `pglite-${version}${setUp ? `-set-up-${setUp}` : ''}.tar`;
}

/**
 * A fresh embedded Postgres: from the template saved after the set-up named `setUp` when there is one, else from
 * the initialised template. `setUp` in the answer says which set-up it already holds.
 */
export async function createPglite(setUp?: string): Promise<{ pglite: PGlite; setUp: string | undefined }> {
  for (const held of setUp ? [setUp, undefined] : [undefined]) {
    const template = await readFile(join(cacheDir, await templateName(held))).catch(() => undefined);
    const loaded = template && (await PGlite.create({ loadDataDir: new Blob([template]) }).catch(() => undefined));
    if (loaded) return { pglite: loaded, setUp: held };
  }
  const pglite = await PGlite.create();
  await saveTemplate(pglite).catch(() => undefined);
  return { pglite, setUp: undefined };
}

/**
 * Keeps the database as the template of the set-up `setUp` (replacing any other set-up's of this version), or as
 * the initialised template. Written under a name of its own, then renamed: a reader never sees half a template.
 */
export async function saveTemplate(db: PGlite, setUp?: string): Promise<void> {
  const dump = await db.dumpDataDir('none');
  await mkdir(cacheDir, { recursive: true });
  const name = await templateName(setUp);
  const partial = join(cacheDir, `${name}.${process.pid}.partial`);
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
  await rename(partial, join(cacheDir, name));
  if (!setUp) return;
  const setUps = (await templateName()).replace(/\.tar$/, '-set-up-');
  const stale = (await readdir(cacheDir)).filter((f) => f.startsWith(setUps) && f.endsWith('.tar') && f !== name);
  await Promise.all(stale.map((file) => rm(join(cacheDir, file), { force: true })));
}
