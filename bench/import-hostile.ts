/**
 * The hostile lines of `npm run bench:import`, each measured in a process of its own (so its peak RSS is its
 * own), through the real app (Fastify, multipart, the import routes) on the embedded database:
 * - 32 concurrent previews of a 150 MB-shared-string sheet and of a 190 MB-of-blank-rows sheet: statuses and
 *   codes, wall time, peak RSS;
 * - 32 concurrent uploads of 20 MB (the largest accepted) over HTTP from another process, so an upload waiting
 *   its turn stays in its socket: statuses, wall time, the server's peak RSS;
 * - a customer's requests answered while a 100,000-row sheet is committed: how many, p50/p99/max latency, and
 *   how long the commit held its transaction.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { FastifyInstance } from 'fastify';
import { CatalogStore } from '../src/catalog/catalog.store.ts';
import type { MartId } from '../src/catalog/catalog.types.ts';
import { buildApp } from '../src/platform/app.ts';
import type { ManagerId } from '../src/platform/auth.ts';
import { systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase, type Database } from '../src/platform/database.ts';
import { createLogger } from '../src/platform/logger.ts';
import { migrate } from '../src/platform/migrate.ts';
import { blankRowsAfterOneProduct, sharedTextOf } from '../steps/support/drivers/product-sheets.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CONCURRENT = 32;
const MB = 1024 * 1024;
const rssMb = () => process.memoryUsage().rss / MB;
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

interface Platform {
  app: FastifyInstance;
  db: Database;
  /** Time the app's transactions held the database, in ms. */
  transactionMs: () => number;
}

async function platform(): Promise<Platform> {
  const db = await openDatabase();
  await migrate(db);
  let held = 0;
  const timed: Database = {
    ...db,
    query: (sql, params) => db.query(sql, params),
    transaction: async (work, options) => {
      const started = performance.now();
      try {
        return await db.transaction(work, options);
      } finally {
        held += performance.now() - started;
      }
    },
  };
  const app = await buildApp({ config: loadConfig({}), clock: systemClock, db: timed, logger: createLogger('silent') });
  return { app, db, transactionMs: () => held };
}

function upload(
  app: FastifyInstance,
  martId: MartId,
  step: 'preview' | 'commit',
  file: Buffer,
  fields: Record<string, string> = {},
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([file], { type: XLSX }), 'products.xlsx');
  const token = app.services.tokens.issue({
    role: 'manager',
    managerId: 'bench-manager' as ManagerId,
    martIds: [martId],
  });
  return app.inject({
    method: 'POST',
    url: `/marts/${martId}/product-imports/${step}`,
    headers: { authorization: `Bearer ${token}` },
    payload: form,
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/** Child: 32 previews of one hostile file at once. */
async function hostilePreviews(file: Buffer) {
  const { app, db } = await platform();
  const martId = (await new CatalogStore(db).createMart('Bench Mart')).id;
  const baselineMb = rssMb();
  const started = performance.now();
  const responses = await Promise.all(Array.from({ length: CONCURRENT }, () => upload(app, martId, 'preview', file)));
  const wallMs = performance.now() - started;
  const answers = responses.map((r) =>
    `${r.statusCode} ${r.json<{ error?: { code?: string } }>().error?.code ?? ''}`.trim(),
  );
  await app.close();
  await db.close();
  return { answers, wallMs, peakMb: peakRssMb(), baselineMb };
}

/** Child: the app listening on a socket; prints where to upload, then its peak RSS once its stdin ends. */
async function uploadServer() {
  const { app, db } = await platform();
  const martId = (await new CatalogStore(db).createMart('Bench Mart')).id;
  const manager = app.services.tokens.issue({
    role: 'manager',
    managerId: 'bench-manager' as ManagerId,
    martIds: [martId],
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const baselineMb = rssMb();
  console.log(JSON.stringify({ url: `${base}/marts/${martId}/product-imports/preview`, manager }));
  process.stdin.resume();
  await once(process.stdin, 'end');
  await app.close();
  await db.close();
  console.log(JSON.stringify({ peakMb: peakRssMb(), baselineMb }));
}

/** Parent: 32 uploads of `file` at once to an upload server of their own; the answers and the server's memory. */
async function largeUploads(file: Buffer) {
  const server = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--upload-server'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: server.stdout })[Symbol.asyncIterator]();
  const { url, manager } = JSON.parse((await lines.next()).value as string) as { url: string; manager: string };
  const sheet = new Blob([file], { type: XLSX });
  const started = performance.now();
  const answers = await Promise.all(
    Array.from({ length: CONCURRENT }, async () => {
      const form = new FormData();
      form.append('file', sheet, 'products.xlsx');
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${manager}` },
        body: form,
      });
      const { error } = (await response.json()) as { error?: { code?: string } };
      return `${response.status} ${error?.code ?? ''}`.trim();
    }),
  );
  const wallMs = performance.now() - started;
  server.stdin.end();
  const memory = JSON.parse((await lines.next()).value as string) as { peakMb: number; baselineMb: number };
  return { answers, wallMs, ...memory };
}

/**
 * Child: a customer's requests, one after the other over HTTP (a socket, as in production: requests made
 * in-process would never let the commit's reading run), while a 100,000-row sheet is committed.
 */
async function requestsDuringCommit(file: Buffer) {
  const { app, db, transactionMs } = await platform();
  const store = new CatalogStore(db);
  const importing = (await store.createMart('Bench Mart')).id;
  await store.addGenerated(importing, 50_000);
  const browsed = (await store.createMart('Mapo Market')).id;
  await store.addGenerated(browsed, 20);
  const preview = await upload(app, importing, 'preview', file);
  if (preview.statusCode !== 200) throw new Error(`the preview failed: ${preview.body}`);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const form = new FormData();
  form.append('token', preview.json<{ token: string }>().token);
  form.append('file', new Blob([file], { type: XLSX }), 'products.xlsx');
  const manager = app.services.tokens.issue({
    role: 'manager',
    managerId: 'bench-manager' as ManagerId,
    martIds: [importing],
  });
  const started = performance.now();
  let committing = true;
  const commit = fetch(`${base}/marts/${importing}/product-imports/commit`, {
    method: 'POST',
    headers: { authorization: `Bearer ${manager}` },
    body: form,
  }).finally(() => (committing = false));
  const latencies: number[] = [];
  const answers: string[] = [];
  while (committing) {
    const sent = performance.now();
    const response = await fetch(`${base}/marts/${browsed}/products`);
    const { error } = (await response.json()) as { error?: { code?: string } };
    // Refused only when it waited its whole bound behind the commit (STORAGE_UNAVAILABLE); anything else is a bug.
    if (response.status !== 200 && error?.code !== 'STORAGE_UNAVAILABLE')
      throw new Error(`a customer's request failed: ${response.status} ${error?.code}`);
    answers.push(`${response.status} ${error?.code ?? ''}`.trim());
    latencies.push(performance.now() - sent);
  }
  const committed = await commit;
  if (committed.status !== 200) throw new Error(`the commit failed: ${await committed.text()}`);
  const commitMs = performance.now() - started;
  await app.close();
  await db.close();
  latencies.sort((a, b) => a - b);
  return {
    answered: tally(answers),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    commitMs,
    transactionMs: transactionMs(),
  };
}

function child<T>(mode: string, file: string): T {
  const run = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, mode, file], {
    encoding: 'utf8',
    maxBuffer: 16 * MB,
  });
  if (run.status !== 0) throw new Error(`${mode} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as T;
}

const kb = (file: string) => `${Math.round(readFileSync(file).length / 1024).toLocaleString('en-US')} KB`;
function tally(answers: string[]): string {
  const counts = new Map<string, number>();
  for (const answer of answers) counts.set(answer, (counts.get(answer) ?? 0) + 1);
  return [...counts].map(([answer, n]) => `${n}× ${answer}`).join(', ');
}

/** Parent: prints the hostile lines; `sheet100k` is the 100,000-row sheet of the size table. */
export async function printHostileLines(dir: string, sheet100k: string): Promise<void> {
  const hostile = [
    {
      name: 'one shared text of 150 MB',
      file: join(dir, 'shared-text-150mb.xlsx'),
      make: () => sharedTextOf(150 * MB),
    },
    {
      name: '190 MB of blank rows',
      file: join(dir, 'blank-rows-190mb.xlsx'),
      make: () => blankRowsAfterOneProduct(Math.floor((190 * MB) / 11)),
    },
  ];
  console.log(`\n${CONCURRENT} concurrent hostile previews (embedded database, default limits)`);
  console.log(
    [
      'sheet',
      'zipped',
      'answers',
      'wall s',
      'peak RSS MB',
      'of which before (the embedded database: ~700)',
      'added MB',
    ].join('\t'),
  );
  for (const { name, file, make } of hostile) {
    writeFileSync(file, await make());
    const r = child<Awaited<ReturnType<typeof hostilePreviews>>>('--hostile', file);
    console.log(
      [
        name,
        kb(file),
        tally(r.answers),
        (r.wallMs / 1000).toFixed(2),
        r.peakMb.toFixed(0),
        r.baselineMb.toFixed(0),
        (r.peakMb - r.baselineMb).toFixed(0),
      ].join('\t'),
    );
  }
  const upload20 = await largeUploads(randomBytes(20 * MB - 1));
  console.log(`\n${CONCURRENT} concurrent uploads of 20 MB (the largest accepted; random bytes, refused once read)`);
  console.log(['answers', 'wall s', 'server peak RSS MB', 'of which before', 'added MB'].join('\t'));
  console.log(
    [
      tally(upload20.answers),
      (upload20.wallMs / 1000).toFixed(2),
      upload20.peakMb.toFixed(0),
      upload20.baselineMb.toFixed(0),
      (upload20.peakMb - upload20.baselineMb).toFixed(0),
    ].join('\t'),
  );
  const r = child<Awaited<ReturnType<typeof requestsDuringCommit>>>('--during-commit', sheet100k);
  console.log(
    '\nrequests answered during an import commit on the embedded database (100,000 rows: 50,000 changed, 50,000 new)',
  );
  console.log(['answered', 'p50 ms', 'p99 ms', 'max ms', 'commit s', 'transaction held s'].join('\t'));
  console.log(
    [
      r.answered,
      r.p50.toFixed(1),
      r.p99.toFixed(1),
      r.max.toFixed(1),
      (r.commitMs / 1000).toFixed(2),
      (r.transactionMs / 1000).toFixed(2),
    ].join('\t'),
  );
}

if (process.argv[2] === '--upload-server') await uploadServer();
if (process.argv[2] === '--hostile') console.log(JSON.stringify(await hostilePreviews(readFileSync(process.argv[3]!))));
if (process.argv[2] === '--during-commit')
  console.log(JSON.stringify(await requestsDuringCommit(readFileSync(process.argv[3]!))));
