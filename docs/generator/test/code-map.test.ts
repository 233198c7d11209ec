// The code map is part of page generation: a run recorded with coverage in 3 shards (each shard's map beside its
// messages, in its own folder) makes the same code map and "code these policies ran" sections as the single run,
// linked to the pages as the generator named them, even when two feature files want the same page name.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { COVERAGE_MAP_VERSION, type CoverageMap } from '../../../scripts/coverage-map-file.ts';
import { generate, type GenerateResult } from '../generate.ts';
import { loadRun } from '../load-run.ts';
import { FIXTURE_GLOBS, FIXTURE_ROOT } from '../stress-fixture.ts';
import { runFixture } from './support/fixture-run.ts';

const projectRoot = resolve(fileURLToPath(import.meta.url), '../../../..');
const tmp = mkdtempSync(join(tmpdir(), 'martbook-code-map-test-'));
// The stress fixture, plus a feature whose page name collides with every-status.feature's: sorted first, it
// takes shop/every-status.md, and every-status.feature's page becomes shop/every-status-2.md.
const root = join(tmp, 'fixture');
const COLLIDING = 'features/shop/Every_Status.feature';
const EVERY_STATUS = 'features/shop/every-status.feature';

/** Runs the fixture (all of it, or one shard) into `<folder>/messages.ndjson`. */
function runInFolder(folder: string, shard?: string): Promise<string> {
  mkdirSync(folder, { recursive: true });
  return runFixture(join(folder, 'messages.ndjson'), { root, shard, retry: false });
}

/**
 * The coverage map the run's formatter would write beside its messages: every scenario ran `ShopService.sell`;
 * every-status.feature's also ran `checkout`, the colliding feature's `audit`; `refund` ran in none.
 */
function writeCoverageMap(messagesPath: string): void {
  const run = loadRun(messagesPath);
  const pickles = new Map(run.query.findAllPickles().map((pickle) => [pickle.id, pickle]));
  const ran = run.testCases.flatMap((testCase) => pickles.get(testCase.pickleId) ?? []);
  const ids = (uri?: string) =>
    ran
      .filter((pickle) => uri === undefined || pickle.uri === uri)
      .map((pickle) => `${pickle.uri}:${pickle.location?.line ?? 0}`);
  const fn = (name: string, line: number, scenarios: string[]) => ({
    name,
    line,
    exported: true,
    kind: 'member' as const,
    scenarios,
  });
  const map: CoverageMap = {
    version: COVERAGE_MAP_VERSION,
    createdAt: '2026-01-02T03:04:05.000Z',
    runId: run.query.findTestRunStarted()?.id,
    backend: 'embedded',
    // As the formatter says it: every scenario of the loaded features ran (a shard's map is never complete).
    complete: ran.length === pickles.size,
    success: false,
    features: [...new Set(ran.map((pickle) => pickle.uri))].sort(),
    featureNames: Object.fromEntries([...run.documents].map(([uri, document]) => [uri, document.feature?.name ?? ''])),
    loaded: ['src/shop/shop.service.ts'],
    hashes: {},
    scenarios: Object.fromEntries(
      ran.map((pickle) => [
        `${pickle.uri}:${pickle.location?.line ?? 0}`,
        { name: pickle.name, feature: pickle.uri, status: 'passed', steps: ['steps.mjs'], files: [], functions: [] },
      ]),
    ),
    files: {
      'src/shop/shop.service.ts': {
        scenarios: ids(),
        functions: [
          fn('ShopService.sell', 3, ids()),
          fn('ShopService.checkout', 9, ids(EVERY_STATUS)),
          fn('ShopService.audit', 15, ids(COLLIDING)),
          fn('ShopService.refund', 21, []),
        ],
      },
    },
  };
  writeFileSync(join(dirname(messagesPath), 'coverage-map.json'), JSON.stringify(map));
}

const read = (dir: string, page: string) => readFileSync(join(dir, page), 'utf8');
const codeSection = (markdown: string) => markdown.slice(markdown.indexOf('## Code these policies ran'));

describe('the code map of a sharded run recorded with coverage', () => {
  const singleDir = join(tmp, 'site', 'single');
  const mergedDir = join(tmp, 'site', 'merged');
  const partialDir = join(tmp, 'site', 'partial');
  let single: GenerateResult;
  let merged: GenerateResult;
  const shards: string[] = [];
  const render = (messagesPath: string | string[], outDir: string) =>
    generate({ messagesPath, outDir, root, featureGlobs: FIXTURE_GLOBS, apiBase: '/api' });

  after(() => rmSync(tmp, { recursive: true, force: true }));

  before(async () => {
    cpSync(FIXTURE_ROOT, root, { recursive: true });
    symlinkSync(join(projectRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
    writeFileSync(
      join(root, COLLIDING),
      'Feature: Another page called every status\n\n  Scenario: One more passing scenario\n    Given a step that passes\n',
    );
    // TypeDoc's page of the module as the site's config writes it: each export and member a section.
    mkdirSync(join(tmp, 'site', 'api', 'shop'), { recursive: true });
    writeFileSync(
      join(tmp, 'site', 'api', 'shop', 'shop.service.md'),
      '# shop/shop.service\n\n### ShopService {#api-shopservice}\n\n##### checkout() {#api-checkout}\n',
    );
    const whole = await runInFolder(join(tmp, 'run', 'single'));
    writeCoverageMap(whole);
    for (const [index, shard] of ['1/3', '2/3', '3/3'].entries())
      shards.push(await runInFolder(join(tmp, 'run', `shard-${index + 1}`), shard));
    for (const shard of shards) writeCoverageMap(shard);
    single = render(whole, singleDir);
    merged = render(shards, mergedDir);
  });

  it('names the colliding pages apart, and each shard ran part of the scenarios', () => {
    assert.match(read(mergedDir, 'shop/every-status.md'), /^title: "Another page called every status"$/m);
    assert.match(read(mergedDir, 'shop/every-status-2.md'), /^title: "Every status a scenario can end in"$/m);
    const ran = shards.map((path) => loadRun(path).testCases.length);
    assert.ok(
      ran.every((count) => count > 0 && count < single.scenarios),
      String(ran),
    );
  });

  it('joins every shard’s map: the code map pages equal the single run’s', () => {
    assert.match(merged.codeMapNote ?? '', /^Code map: 2 pages from 3 shards, \d+ scenarios/);
    const files = (dir: string) => readdirSync(join(dir, 'code-map')).sort();
    assert.deepEqual(files(mergedDir), files(singleDir));
    for (const file of files(singleDir)) {
      if (file.endsWith('.md')) assert.equal(read(mergedDir, `code-map/${file}`), read(singleDir, `code-map/${file}`));
    }
    assert.doesNotMatch(read(mergedDir, 'code-map/index.md'), /a partial run/);
  });

  it('links each function to the policy pages as the generator named them', () => {
    const shop = read(mergedDir, 'code-map/shop.md');
    const entry = (name: string) =>
      shop.split('\n- ').find((item) => item.includes(`<code>ShopService\\.${name}</code>`));
    assert.match(entry('checkout') ?? '', /\[Every status a scenario can end in\]\(\.\.\/shop\/every-status-2\.md\)/);
    assert.match(entry('audit') ?? '', /\[Another page called every status\]\(\.\.\/shop\/every-status\.md\)/);
    assert.match(entry('refund') ?? '', /exported, no policy runs it/);
  });

  it('links each function to its section of the module’s API page, a member without one to its class', () => {
    const shop = read(mergedDir, 'code-map/shop.md');
    assert.match(shop, /\[<code>ShopService\\\.checkout<\/code>\]\(<\/api\/shop\/shop\.service#api-checkout>\)/);
    assert.match(shop, /\[<code>ShopService\\\.audit<\/code>\]\(<\/api\/shop\/shop\.service#api-shopservice>\)/);
    assert.match(shop, /\[API reference\]\(<\/api\/shop\/shop\.service>\)/);
  });

  it('gives each policy page the code its scenarios ran, the same as the single run', () => {
    const everyStatus = codeSection(read(mergedDir, 'shop/every-status-2.md'));
    assert.match(everyStatus, /<code>ShopService\\\.checkout<\/code>/);
    assert.doesNotMatch(everyStatus, /audit/);
    assert.match(codeSection(read(mergedDir, 'shop/every-status.md')), /<code>ShopService\\\.audit<\/code>/);
    for (const page of ['shop/every-status.md', 'shop/every-status-2.md', 'shop/rules-and-outlines.md'])
      assert.equal(codeSection(read(mergedDir, page)), codeSection(read(singleDir, page)), page);
  });

  it('says the map is partial when a shard recorded none', () => {
    rmSync(join(dirname(shards[2]!), 'coverage-map.json'));
    const partial = render(shards, partialDir);
    assert.match(partial.codeMapNote ?? '', /from 2 shards/);
    assert.match(read(partialDir, 'code-map/index.md'), /a partial run/);
  });

  it('leaves out a map another run recorded', () => {
    const stranger = JSON.parse(read(dirname(shards[0]!), 'coverage-map.json')) as CoverageMap;
    writeFileSync(join(dirname(shards[1]!), 'coverage-map.json'), JSON.stringify({ ...stranger, runId: 'another' }));
    const result = render([shards[1]!], join(tmp, 'site', 'stranger'));
    assert.equal(result.codeMapNote, undefined);
  });
});
