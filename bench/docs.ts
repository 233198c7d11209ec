/**
 * `npm run bench:docs [-- --scenarios 10000] [--sizes 2500,10000] [--no-build] [--no-browser]`: builds the book
 * for synthetic runs (rules, outlines, failures, retries, vendor calls) and prints, beside Cucumber's HTML
 * formatter on the same messages stream: generation time, build time, largest page weight, search index size,
 * and the time a policy page takes to become readable in Chromium against the formatter's single file.
 * Several sizes show whether the build grows linearly. The CPU may be shared: times are wall-clock, and beside
 * them the CPU-seconds spent (generation: this process; build: the build's processes), which load inflates less.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { CucumberHtmlStream } from '@cucumber/html-formatter';
import { NdjsonToMessageStream } from '@cucumber/message-streams';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../docs/e2e/browser.ts';
import { generate } from '../docs/generator/generate.ts';
import { writeSyntheticInput } from '../docs/generator/synthetic.ts';

const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const sizes = (option('sizes') ?? option('scenarios') ?? '10000').split(',').map(Number);
const build = !args.includes('--no-build');
const browser = !args.includes('--no-browser');
const SECTION = 'docs/content/bench-synthetic';
const SITE = 'reports/bench-site';
const PORT = 3311;
const READABLE_TIMEOUT_MS = 120_000;

/** A synthetic feature holds 3.7 scenarios on average (one Korean feature in ten has a single one). */
const featuresFor = (scenarios: number) => Math.max(1, Math.round(scenarios / 3.7));
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const cpu = (seconds: number | undefined) => (seconds === undefined ? '' : `, ${seconds.toFixed(1)} CPU-s`);

/** CPU-seconds (user + system) this process has spent. */
const ownCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/**
 * CPU-seconds (user + system) of the finished child processes, theirs included (Linux: /proc, in the kernel's
 * 100 ticks a second); undefined elsewhere.
 */
function childrenCpuSeconds(): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  // The fields after the command name, which is in parentheses: cutime and cstime are the 14th and 15th.
  const fields = readFileSync('/proc/self/stat', 'utf8')
    .replace(/^.*\) /s, '')
    .split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

function files(dir: string, test: (name: string) => boolean): { path: string; size: number }[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter(test)
    .map((name) => ({ path: join(dir, name), size: statSync(join(dir, name)).size }));
}

async function formatterHtml(messagesPath: string, out: string): Promise<number> {
  const started = performance.now();
  await pipeline(
    createReadStream(messagesPath),
    new NdjsonToMessageStream(),
    new CucumberHtmlStream(),
    createWriteStream(out),
  );
  return performance.now() - started;
}

/** Milliseconds from navigation until one of `selectors` is visible (or the timeout), and the bytes transferred. */
async function readable(url: string, selectors: string[]): Promise<{ ms: number; bytes: number; timedOut: boolean }> {
  const instance = await chromium.launch({ executablePath: await chromiumExecutable(), args: CHROMIUM_ARGS });
  try {
    const page = await instance.newPage({ viewport: { width: 1280, height: 900 } });
    let bytes = 0;
    page.on('response', (response) => {
      void response
        .body()
        .then((body) => (bytes += body.length))
        .catch(() => undefined);
    });
    const started = performance.now();
    await page.goto(url, { waitUntil: 'commit', timeout: READABLE_TIMEOUT_MS });
    const target = selectors.map((selector) => page.locator(selector)).reduce((a, b) => a.or(b));
    const timedOut = await target
      .first()
      .waitFor({ state: 'visible', timeout: READABLE_TIMEOUT_MS })
      .then(
        () => false,
        () => true,
      );
    const ms = performance.now() - started;
    await page.waitForLoadState('load').catch(() => undefined);
    return { ms, bytes, timedOut };
  } finally {
    await instance.close();
  }
}

async function serve(): Promise<ChildProcess> {
  const server = spawn(
    'npx',
    ['docusaurus', 'serve', 'docs', '--dir', `../${SITE}`, '--port', String(PORT), '--host', '127.0.0.1', '--no-open'],
    { stdio: 'ignore', detached: true },
  );
  for (let i = 0; i < 600; i++) {
    if (
      await fetch(`http://127.0.0.1:${PORT}/`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return server;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the built site did not start serving');
}

/** Each figure is printed as soon as it is known, so a long run shows its progress. */
const row = (label: string, book: string, formatter = '') =>
  console.log(`${label.padEnd(36)}  ${book.padEnd(46)}  ${formatter}`.trimEnd());
const seconds = (result: { ms: number; timedOut: boolean }) =>
  result.timedOut ? `not within ${s(READABLE_TIMEOUT_MS)}` : s(result.ms);
/** Runs a step of the site's own build; its output is shown only when it fails. */
function sitePart(command: string, ...args: string[]) {
  const done = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (done.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${done.stdout}${done.stderr}`);
}
// The rest of the site, written as docs:build writes it (scripts/docs-build.sh): the policy pages of the last run
// (a fresh clone has none: the policies run first; a failing policy is published, not fatal), the contract pages
// and the example run. TypeDoc's API pages are written by each build.
if (build) {
  if (!existsSync('reports/cucumber-messages.ndjson'))
    spawnSync('npm', ['run', '--silent', 'test:features'], { stdio: 'ignore' });
  sitePart('npx', 'tsx', 'docs/generator/cli.ts', '--no-history');
  sitePart('npx', 'tsx', 'docs/generator/contracts-cli.ts');
  sitePart('npx', 'tsx', 'docs/generator/stress-fixture.ts', 'docs/content/example-run');
}

for (const target of sizes) {
  const input = writeSyntheticInput(featuresFor(target));
  const outDir = mkdtempSync(join(tmpdir(), 'martbook-bench-docs-'));
  const cpuBefore = ownCpuSeconds();
  const result = generate({ messagesPath: input.messagesPath, outDir, root: input.root });
  const generationCpu = ownCpuSeconds() - cpuBefore;
  const pages = files(outDir, (name) => name.endsWith('.md')).length;
  const formatterFile = join(input.dir, 'cucumber-report.html');
  const formatterMs = await formatterHtml(input.messagesPath, formatterFile);
  row(`— ${result.scenarios} scenarios, ${result.features} features —`, 'the book', 'Cucumber HTML formatter');
  row('messages', mb(statSync(input.messagesPath).size));
  row('generation', `${s(result.ms)}${cpu(generationCpu)} (${pages} pages)`, `${s(formatterMs)} (1 file)`);
  const report = browser ? await readable(pathToFileURL(formatterFile).href, ['text=policy-1.feature']) : undefined;
  if (build) {
    rmSync(SECTION, { recursive: true, force: true });
    generate({
      messagesPath: input.messagesPath,
      outDir: SECTION,
      root: input.root,
      title: 'Synthetic',
      slug: '/bench-synthetic',
      position: 99,
    });
    const started = performance.now();
    const childrenBefore = childrenCpuSeconds();
    const built = spawnSync('npx', ['docusaurus', 'build', 'docs', '--out-dir', `../${SITE}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const buildMs = performance.now() - started;
    const childrenAfter = childrenCpuSeconds();
    const buildCpu =
      childrenBefore === undefined || childrenAfter === undefined ? undefined : childrenAfter - childrenBefore;
    rmSync(SECTION, { recursive: true, force: true });
    if (built.status !== 0) throw new Error('the site did not build');
    const html = files(join(SITE, 'bench-synthetic'), (name) => name.endsWith('.html')).sort((a, b) => b.size - a.size);
    const index = files(SITE, (name) => /^search-index.*\.json$/.test(name)).reduce((sum, file) => sum + file.size, 0);
    row(
      'build (whole site)',
      `${s(buildMs)}${cpu(buildCpu)}` +
        (buildCpu === undefined ? '' : ` (${((buildCpu * 1000) / result.scenarios).toFixed(1)} CPU-ms per scenario)`),
    );
    row(
      'largest page (HTML)',
      `${mb(html[0]?.size ?? 0)} ${html[0]?.path.replace(`${SITE}/`, '') ?? ''}`,
      mb(statSync(formatterFile).size),
    );
    row('search index', mb(index), 'none (filters only)');
    if (browser) {
      const server = await serve();
      try {
        const policy = await readable(`http://127.0.0.1:${PORT}/bench-synthetic/refund/policy-1`, ['article h2']);
        row('policy page readable in Chromium', `${seconds(policy)} (${mb(policy.bytes)} transferred)`);
        const overview = await readable(`http://127.0.0.1:${PORT}/bench-synthetic`, ['[data-testid="filter-count"]']);
        row('overview filter ready in Chromium', `${seconds(overview)} (${mb(overview.bytes)} transferred)`);
      } finally {
        if (server.pid) process.kill(-server.pid);
      }
    }
  }
  if (report) row('report readable in Chromium', '', `${seconds(report)} (${mb(statSync(formatterFile).size)} file)`);
  rmSync(input.dir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
}

console.log(
  'Wall-clock times on this machine (its CPU may be shared with other work); CPU-seconds count the work itself. Targets: policy page readable ≤ 1 s at 10,000 scenarios; build time linear in scenarios.',
);
