// The changelog: features compared at two versions, and what happens in a clone without the earlier commit.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { GherkinDocument } from '@cucumber/messages';
import { buildChangelog, diffFeatures, lineDiff, parseFeature } from '../changelog.ts';
import type { RunRecord } from '../history.ts';

const URI = 'features/shop/orders.feature';
const BEFORE = `Feature: Orders
  Rule: Quantities are whole numbers
    Scenario Outline: Ordering <quantity> items
      When a customer orders <quantity> items
      Then the order is <outcome>
      Examples:
        | quantity | outcome  |
        | 1        | accepted |
        | 2        | accepted |

    Scenario: An empty order
      When a customer orders 0 items
      Then the order is refused

  Rule: Notes are kept
    Scenario: A note
      Given a note "hello"

  Rule: Old rule
    Scenario: Gone
      Given a step that passes
`;
const AFTER = `Feature: Orders
  Rule: Quantities are whole numbers
    Scenario Outline: Ordering <quantity> items
      When a customer orders <quantity> items
      Then the order is <outcome>
      Examples:
        | quantity | outcome  |
        | 1        | accepted |
        | 3        | accepted |
        | 4        | accepted |

    Scenario: An order of nothing
      When a customer orders 0 items
      Then the order is refused

  Rule: Notes are kept verbatim
    Scenario: A note
      Given a note "hello, world"

    Scenario: A second note
      Given a note "again"
`;

const docs = (text: string): Map<string, GherkinDocument> => new Map([[URI, parseFeature(URI, text)!]]);
const tmp = mkdtempSync(join(tmpdir(), 'martbook-changelog-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('the features compared', () => {
  const entries = diffFeatures(docs(BEFORE), docs(AFTER));
  const find = (what: string) => entries.filter((entry) => entry.what === what);

  it('sees an example row whose numbers changed and a row added', () => {
    const [outline] = entries.filter((entry) => entry.scenario === 'Ordering <quantity> items');
    assert.equal(outline?.what, 'numbers changed');
    assert.deepEqual(outline?.details, [
      'Examples 1, row 2: | 2 | accepted | → | 3 | accepted | (numbers changed)',
      'Examples 1, row 3 added: | 4 | accepted |',
    ]);
  });

  it('sees a scenario renamed (same steps), one reworded, one added and one removed', () => {
    assert.deepEqual(
      find('renamed').map((entry) => [entry.scenario, entry.previousName]),
      [['An order of nothing', 'An empty order']],
    );
    const note = entries.find((entry) => entry.scenario === 'A note');
    assert.deepEqual(
      [note?.what, note?.details],
      ['moved, reworded', ['was under: Notes are kept', '− Given a note "hello"', '+ Given a note "hello, world"']],
    );
    assert.deepEqual(
      find('scenario added').map((entry) => entry.scenario),
      ['A second note'],
    );
    assert.deepEqual(
      find('scenario removed').map((entry) => [entry.scenario, entry.rule]),
      [['Gone', 'Old rule']],
    );
  });

  it('sees Rules added and removed; a Rule with the same scenarios under a new name as renamed', () => {
    // "Notes are kept" gained a scenario, so it is not the same Rule renamed: one added, one removed.
    assert.deepEqual(
      find('rule removed').map((entry) => entry.rule),
      ['Notes are kept', 'Old rule'],
    );
    assert.deepEqual(
      find('rule added').map((entry) => entry.rule),
      ['Notes are kept verbatim'],
    );
    const renamed = diffFeatures(docs(BEFORE), docs(BEFORE.replace('Rule: Old rule', 'Rule: A new name')));
    assert.deepEqual(
      renamed.map((entry) => [entry.what, entry.rule, entry.details[0]]),
      [['rule renamed', 'A new name', 'was: Old rule']],
    );
  });

  it('says nothing when nothing changed', () => {
    assert.deepEqual(diffFeatures(docs(AFTER), docs(AFTER)), []);
  });

  it('diffs lines removed first, then added', () => {
    assert.deepEqual(lineDiff(['a', 'b', 'c'], ['a', 'x', 'c', 'd']), ['− b', '+ x', '+ d']);
  });
});

describe('the changelog of a repository', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  const repo = join(tmp, 'repo');
  mkdirSync(join(repo, 'features/shop'), { recursive: true });
  writeFileSync(join(repo, URI), BEFORE);
  git(repo, 'init', '-q');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-gpg-sign', '-m', 'before');
  const first = git(repo, 'rev-parse', 'HEAD');
  writeFileSync(join(repo, URI), AFTER);
  git(repo, 'commit', '-q', '--no-gpg-sign', '-am', 'after');
  const second = git(repo, 'rev-parse', 'HEAD');
  const key = (name: string) => `${URI} › ${name}`;
  const record = (commit: string, status: 'passed' | 'failed', name: string): RunRecord => ({
    run: commit,
    time: '2026-11-01T12:00:00.000Z',
    commit,
    backend: 'embedded',
    hashes: { features: {}, code: {} },
    scenarios: { [key(name)]: [status, 5, 1] },
  });

  it('compares with the last run’s commit and joins each entry with its outcome then and now', () => {
    const history = [record(first, 'passed', 'An empty order'), record(second, 'failed', 'An order of nothing')];
    const changelog = buildChangelog({ root: repo, globs: ['features/**/*.feature'], history, documents: docs(AFTER) });
    assert.equal(changelog.base?.commit, first);
    assert.deepEqual(changelog.notes, []);
    const renamed = changelog.entries.find((entry) => entry.scenario === 'An order of nothing');
    assert.deepEqual([renamed?.kind, renamed?.before, renamed?.now], ['both', 'passed', 'failed']);
    assert.equal(changelog.entries.find((entry) => entry.scenario === 'A note')?.kind, 'spec');
  });

  it('leaves out a feature the last run ran exactly as this one, though both differ from its commit', () => {
    const ranAsNow = (commit: string): RunRecord => ({
      ...record(commit, 'passed', 'A note'),
      hashes: { features: { [URI]: 'same' }, code: {} },
    });
    const history = [ranAsNow(first), { ...ranAsNow(second), run: 'now' }];
    const changelog = buildChangelog({ root: repo, globs: ['features/**/*.feature'], history, documents: docs(AFTER) });
    assert.equal(changelog.base?.commit, first);
    assert.deepEqual(changelog.entries, []);
  });

  it('reports a changed outcome with unchanged text as behaviour changed', () => {
    const history = [record(second, 'passed', 'A note'), record(second, 'failed', 'A note')];
    const changelog = buildChangelog({
      root: repo,
      globs: ['features/**/*.feature'],
      since: second,
      history,
      documents: docs(AFTER),
    });
    assert.deepEqual(
      changelog.entries.map((entry) => [entry.scenario, entry.kind, entry.what]),
      [['A note', 'behaviour', 'outcome changed']],
    );
  });

  it('degrades with a note in a shallow clone that lacks the earlier commit', () => {
    const shallow = join(tmp, 'shallow');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo}`, shallow], { stdio: 'ignore' });
    const history = [record(first, 'passed', 'A note'), record(second, 'passed', 'A note')];
    const changelog = buildChangelog({
      root: shallow,
      globs: ['features/**/*.feature'],
      history,
      documents: docs(AFTER),
    });
    assert.equal(changelog.base, undefined);
    assert.match(changelog.notes.join(' '), /not in this clone/);
    assert.match(changelog.notes.join(' '), /no earlier commit in this clone/);
  });
});
