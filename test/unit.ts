// `npm run test:unit`: every unit test file in this one process, each under a suite named by its path, one file
// after another. One TypeScript start and one module graph instead of one per file; a file's own top-level hooks
// stay with its suite. `node --import tsx --test test/x.test.ts` still runs one file alone.
import { AsyncResource } from 'node:async_hooks';
import { readdirSync } from 'node:fs';
import { describe } from 'node:test';
import { projectRun } from './support/project-run.ts';

// The project's own policy run (a process of its own, seconds long) starts first and runs beside the files before
// the two that read it; a failure is reported by them.
projectRun().catch(() => undefined);

const root = new URL('../', import.meta.url);
const files = ['test/', 'docs/generator/test/'].flatMap((folder) =>
  readdirSync(new URL(folder, root))
    .filter((name) => name.endsWith('.test.ts'))
    .sort()
    .map((name) => `${folder}${name}`),
);

// node:test gives a suite declared by a module the suite whose asynchronous context evaluates that module. Loaded
// side by side, a file whose imports were still loading for another file was evaluated in that file's context and
// its suites nested there, with that file's mocks. So each file is loaded alone, and its suite declared from the
// top level, never from the context of the file loaded before it.
const atTopLevel = AsyncResource.bind((declare: () => unknown) => declare());
for (const file of files) {
  let loaded: Promise<unknown> | undefined;
  atTopLevel(() =>
    describe(file, async () => {
      loaded = import(new URL(file, root).href);
      await loaded;
    }),
  );
  // A file that fails to load fails its own suite; the next one still loads.
  await loaded?.catch(() => undefined);
}
