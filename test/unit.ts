// `npm run test:unit`: every unit test file in this one process, each under a suite named by its path, one file
// after another. One TypeScript start and one module graph instead of one per file; a file's own top-level hooks
// stay with its suite. `node --import tsx --test test/x.test.ts` still runs one file alone.
import { readdirSync } from 'node:fs';
import { describe } from 'node:test';

const root = new URL('../', import.meta.url);
const files = ['test/', 'docs/generator/test/'].flatMap((folder) =>
  readdirSync(new URL(folder, root))
    .filter((name) => name.endsWith('.test.ts'))
    .sort()
    .map((name) => `${folder}${name}`),
);

for (const file of files) describe(file, () => import(new URL(file, root).href));
