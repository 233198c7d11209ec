import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { generatePolicyPages } from '../docs/generator/cli.ts';
import { FunctionIndex, readCoverageMap, type CoverageMap } from '../scripts/coverage-map.ts';
import { changesSince, featureFiles, UnknownRef, type Change } from '../scripts/changes.ts';
import { main as testAffected, selectScenarios } from '../scripts/test-affected.ts';
import { CART, projectRun, REFUND } from './support/project-run.ts';

const root = process.cwd();
const STORE = 'src/refund/refund.store.ts';

/** The map of a real policy run with coverage on (a refund feature and a cart feature). */
async function recordMap(): Promise<CoverageMap> {
  const map = readCoverageMap((await projectRun()).coverageMapPath);
  assert.ok(map, 'the run wrote a coverage map');
  // The tree is edited by others while this runs: freshness is checked on its own below, with hashes of its own.
  return { ...map, hashes: {} };
}

/** The first line of code in a function's body (a comment there changes nothing that runs). */
function lineInside(file: string, name: string): number {
  const fn = FunctionIndex.ofFile(root, file).entries.find((entry) => entry.name === name);
  assert.ok(fn, `${name} is in ${file}`);
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const code = lines.findIndex((line, i) => i >= fn.line && !/^\s*(\/\/|\/\*|\*|$)/.test(line));
  assert.ok(code >= 0, `${name} in ${file} has a line of code`);
  return code + 1;
}

const options = { root, features: [REFUND, CART] };

let map: CoverageMap;
before(async () => {
  map = await recordMap();
});

describe('test:affected', () => {
  it('runs the refund policies that ran a changed refund store function, and no cart policy', () => {
    const change: Change = { file: STORE, lines: [lineInside(STORE, 'RefundStore.create')] };
    const selection = selectScenarios(map, [change], options);
    const ran = Object.entries(map.scenarios)
      .filter(([, s]) => s.functions.includes(`${STORE}#RefundStore.create`))
      .map(([id]) => id);
    assert.equal(selection.mode, 'affected', selection.reason);
    assert.ok(ran.length > 0, 'some refund scenario creates a refund');
    assert.deepEqual(selection.paths, ran.sort());
    assert.ok(selection.paths.every((path) => path.startsWith(`${REFUND}:`)));
    assert.ok(
      Object.keys(map.scenarios).some((id) => id.startsWith(`${CART}:`)),
      'the map holds the cart scenarios it left out',
    );
  });

  it('runs a changed feature whole, and nothing else', () => {
    const selection = selectScenarios(map, [{ file: CART, lines: [3] }], options);
    assert.equal(selection.mode, 'affected');
    assert.deepEqual(
      selection.paths,
      Object.keys(map.scenarios)
        .filter((id) => id.startsWith(`${CART}:`))
        .sort(),
    );
  });

  it('runs nothing when only comments or types changed', () => {
    const comment =
      readFileSync(join(root, STORE), 'utf8')
        .split('\n')
        .findIndex((line) => line.trim().startsWith('/**')) + 1;
    assert.equal(selectScenarios(map, [{ file: STORE, lines: [comment] }], options).mode, 'none');
  });

  it('falls back to the full run, saying why, when module-level code, the run setup, the map or its freshness are in doubt', () => {
    const store = readFileSync(join(root, STORE), 'utf8').split('\n');
    const moduleLevel = store.findIndex((line) => /^const \w+ = [^(]/.test(line) || line.startsWith('import {')) + 1;
    const cases: [CoverageMap | undefined, Change[], RegExp][] = [
      [map, [{ file: STORE, lines: [moduleLevel] }], /outside its functions/],
      [map, [{ file: 'package.json', lines: [10] }], /shapes every run/],
      [undefined, [{ file: STORE, lines: [1] }], /no coverage map/],
      [
        { ...map, hashes: { [STORE]: 'not-its-hash' } },
        [{ file: CART, lines: [3] }],
        /stale: src\/refund\/refund\.store\.ts/,
      ],
    ];
    for (const [given, changes, reason] of cases) {
      const selection = selectScenarios(given, changes, options);
      assert.equal(selection.mode, 'full');
      assert.match(selection.reason, reason);
    }
    const partial = selectScenarios(map, [{ file: STORE, lines: [1] }], {
      root,
      features: [REFUND, CART, 'features/search/x.feature'],
    });
    assert.match(partial.reason, /partial run \(features\/search\/x\.feature did not run\)/);
  });
});

describe('the code map on the site', () => {
  it('lists on the refund code page the refund policies that run a store function, and on the refund policy page that function', async (t) => {
    const { dir, messagesPath } = await projectRun();
    const out = join(dir, 'policies-with-code-map');
    // docs:generate's command line, called in this process: what it prints is what the test reads.
    const log = t.mock.method(console, 'log', () => undefined);
    t.mock.method(console, 'warn', () => undefined);
    generatePolicyPages(['--messages', messagesPath, '--out', out, '--no-history', '--no-changelog']);
    assert.match(log.mock.calls.map((call) => String(call.arguments[0])).join('\n'), /Code map: \d+ pages/);
    const codePage = readFileSync(join(out, 'code-map/refund.md'), 'utf8');
    const entry = codePage.split('\n- ').find((item) => item.includes('<code>RefundStore\\.create</code>'));
    assert.ok(entry, 'the refund code page lists RefundStore.create');
    assert.match(entry, /\[Which orders can be refunded[^\]]*\]\(\.\.\/refund\/which-orders-can-be-refunded\.md\)/);
    assert.doesNotMatch(entry, /one-cart-per-mart/);
    const policyPage = readFileSync(join(out, 'refund/which-orders-can-be-refunded.md'), 'utf8');
    const section = policyPage.slice(policyPage.indexOf('## Code these policies ran'));
    assert.match(section, /<code>RefundStore\\\.create<\/code>/);
    assert.doesNotMatch(readFileSync(join(out, 'cart/one-cart-per-mart.md'), 'utf8'), /RefundStore\\\.create/);
  });
});

describe('the changes since a git ref', () => {
  it('are the changed lines of tracked files, with new files whole', () => {
    const repo = mkdtempSync(join(tmpdir(), 'martbook-diff-'));
    const git = (...args: string[]) =>
      assert.equal(spawnSync('git', args, { cwd: repo }).status, 0, `git ${args.join(' ')}`);
    git('init', '-q');
    writeFileSync(join(repo, 'a.ts'), 'one\ntwo\nthree\nfour\n');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'start');
    writeFileSync(join(repo, 'a.ts'), 'one\nTWO\nthree\nfour\nfive\n');
    writeFileSync(join(repo, 'b.feature'), 'Feature: new\n');
    assert.deepEqual(changesSince('HEAD', repo), [
      { file: 'a.ts', lines: [2, 5] },
      { file: 'b.feature', lines: 'all' },
    ]);
  });

  it('name a ref git does not know, and test:affected says so instead of a bare git command', () => {
    assert.throws(
      () => changesSince('no-such-ref-here', root),
      (error: Error) => {
        assert.ok(error instanceof UnknownRef);
        assert.match(error.message, /"no-such-ref-here" names no commit in this repository/);
        return true;
      },
    );
    const printed: string[] = [];
    const warned: string[] = [];
    const status = testAffected(
      ['--since', 'no-such-ref-here', '--list'],
      (line: string) => void printed.push(line),
      (line: string) => void warned.push(line),
    );
    assert.equal(status, 2, [...printed, ...warned].join('\n'));
    assert.match(warned.join('\n'), /^test:affected: "no-such-ref-here" names no commit in this repository/);
  });
});

describe('the feature files of a run', () => {
  it('are every feature under the given files or folders, sorted, with a scenario line dropped', () => {
    const book = featureFiles(root);
    assert.ok(book.includes(CART) && book.includes(REFUND));
    assert.deepEqual(
      featureFiles(root, ['features/cart', `${CART}:12`]),
      book.filter((f) => f.startsWith('features/cart/')),
    );
    assert.throws(() => featureFiles(root, ['features/no-such-domain']), /no such feature file or folder/);
  });
});
