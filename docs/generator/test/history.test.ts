// History on fixture histories: what counts as flaky, what "since the last run" reports, how the file is kept.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { changesSinceLastRun, readHistory, recordRun, trendOf, type Outcome, type RunRecord } from '../history.ts';
import { STATUS_LABELS, type Status } from '../model.ts';
import { historyRunLabels, historyStrip } from '../render-history.ts';
import { splitRunValues } from '../run-values.ts';
import { historyCells, historyName } from '../../src/components/history-runs.ts';

const URI = 'features/shop/orders.feature';
const KEY = `${URI} › An order is accepted`;
const tmp = mkdtempSync(join(tmpdir(), 'martbook-history-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

let runNumber = 0;
/** A run record: scenarios by key, the feature's hash and the code's hash as given. */
function run(
  scenarios: Record<string, Outcome>,
  setting: { feature?: string; code?: string; backend?: string } = {},
): RunRecord {
  runNumber++;
  return {
    run: `run-${runNumber}`,
    time: new Date(Date.UTC(2026, 10, 1, 12, runNumber)).toISOString(),
    commit: `c${runNumber}`,
    branch: 'main',
    backend: setting.backend ?? 'embedded',
    hashes: { features: { [URI]: setting.feature ?? 'f1' }, code: { src: setting.code ?? 's1', steps: 'st1' } },
    scenarios,
  };
}
const passed = (ms = 10, attempts = 1): Outcome => ['passed', ms, attempts];
const failed = (ms = 10): Outcome => ['failed', ms, 1];

describe('a scenario trend', () => {
  it('is flaky when it goes back and forth with nothing changed', () => {
    const history = [run({ [KEY]: passed() }), run({ [KEY]: failed() }), run({ [KEY]: passed() })];
    const trend = trendOf([KEY], URI, history);
    assert.deepEqual([trend.flips, trend.pairs, trend.unexplainedFlips, trend.flaky], [2, 2, 2, true]);
  });

  it('is not flaky when each change of status came with a change to its feature or the code', () => {
    const history = [
      run({ [KEY]: passed() }),
      run({ [KEY]: failed() }, { feature: 'f2' }),
      run({ [KEY]: passed() }, { feature: 'f2', code: 's2' }),
    ];
    const trend = trendOf([KEY], URI, history);
    assert.deepEqual([trend.flips, trend.unexplainedFlips, trend.flaky], [2, 0, false]);
  });

  it('is not flaky when the backend changed between the runs', () => {
    const history = [run({ [KEY]: passed() }), run({ [KEY]: failed() }, { backend: 'real' }), run({ [KEY]: passed() })];
    assert.equal(trendOf([KEY], URI, history).flaky, false);
  });

  it('is not flaky for one unexplained change of status (that is a regression until it comes back)', () => {
    const history = [run({ [KEY]: passed() }), run({ [KEY]: passed() }), run({ [KEY]: failed() })];
    assert.deepEqual([trendOf([KEY], URI, history).unexplainedFlips, trendOf([KEY], URI, history).flaky], [1, false]);
  });

  it('is flaky when the latest run passed only on a retry', () => {
    const history = [run({ [KEY]: passed() }), run({ [KEY]: passed(10, 2) })];
    assert.equal(trendOf([KEY], URI, history).flaky, true);
  });

  it('skips runs it did not run in', () => {
    const history = [run({ [KEY]: passed() }), run({}), run({ [KEY]: passed() })];
    const trend = trendOf([KEY], URI, history);
    assert.deepEqual(
      [trend.points.map((point) => point.status), trend.pairs, trend.flips],
      [['passed', undefined, 'passed'], 1, 0],
    );
  });

  it('takes the worst of an outline’s rows per run', () => {
    const rows = [`${KEY} › 1`, `${KEY} › 2`];
    const history = [run({ [rows[0]!]: passed(), [rows[1]!]: failed() })];
    assert.equal(trendOf(rows, URI, history).points[0]?.status, 'failed');
  });
});

describe('since the last run', () => {
  const group = (key: string, keys = [key]) => ({ key, uri: URI, keys });

  it('reports new, removed, fixed and regressed scenarios', () => {
    const gone = `${URI} › A gone scenario`;
    const fixedKey = `${URI} › Fixed`;
    const regressedKey = `${URI} › Regressed`;
    const newKey = `${URI} › Brand new`;
    const history = [
      run({ [gone]: passed(), [fixedKey]: failed(), [regressedKey]: passed() }),
      run({ [fixedKey]: passed(), [regressedKey]: failed(), [newKey]: passed() }, { feature: 'f2' }),
    ];
    const changes = changesSinceLastRun(history, [group(fixedKey), group(regressedKey), group(newKey)]);
    const summary = changes.map((change) => `${change.change}: ${change.key.slice(URI.length + 3)}`).sort();
    assert.deepEqual(summary, ['fixed: Fixed', 'new: Brand new', 'regressed: Regressed', 'removed: A gone scenario']);
    assert.equal(changes.find((change) => change.change === 'regressed')?.unexplained, false);
  });

  it('says when a regression came with no change at all', () => {
    const history = [run({ [KEY]: passed() }), run({ [KEY]: failed() })];
    const [change] = changesSinceLastRun(history, [group(KEY)]);
    assert.deepEqual([change?.change, change?.unexplained], ['regressed', true]);
  });

  it('reports a flaky scenario', () => {
    const history = [run({ [KEY]: passed() }), run({ [KEY]: failed() }), run({ [KEY]: passed() })];
    assert.deepEqual(
      changesSinceLastRun(history, [group(KEY)])
        .map((change) => change.change)
        .sort(),
      ['fixed', 'flaky'],
    );
  });

  it('reports a scenario that became much slower than its median, not one within the noise', () => {
    const slow = `${URI} › Slow`;
    const noisy = `${URI} › Noisy`;
    const history = [120, 100, 110].map((ms) => run({ [slow]: passed(ms), [noisy]: passed(ms) }));
    history.push(run({ [slow]: passed(900), [noisy]: passed(190) }));
    const changes = changesSinceLastRun(history, [group(slow), group(noisy)]);
    assert.deepEqual(
      changes.map((change) => [change.change, change.key, change.baselineMs, change.ms]),
      [['slower', slow, 110, 900]],
    );
  });

  it('is empty for the first run', () => {
    assert.deepEqual(changesSinceLastRun([run({ [KEY]: passed() })], [group(KEY)]), []);
  });
});

describe('the history file', () => {
  it('adds a run once, keeps the last N and skips a torn line', () => {
    const path = join(tmp, 'history.jsonl');
    const records = [1, 2, 3, 4].map(() => run({ [KEY]: passed() }));
    for (const record of records) recordRun(path, record, 3);
    assert.deepEqual(
      readHistory(path).map((record) => record.run),
      records.slice(1).map((record) => record.run),
    );
    // The same run generated again is not a new run: its line is replaced (it may have been going on), and the
    // history shown ends with it.
    const again = recordRun(path, { ...records[2]!, scenarios: { [KEY]: failed() } }, 3);
    assert.deepEqual(
      again.map((record) => record.run),
      [records[1]!.run, records[2]!.run],
    );
    assert.deepEqual(
      readHistory(path).map((record) => [record.run, record.scenarios[KEY]?.[0]]),
      [
        [records[1]!.run, 'passed'],
        [records[2]!.run, 'failed'],
        [records[3]!.run, 'passed'],
      ],
    );
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"run":"torn`);
    assert.equal(readHistory(path).length, 3);
  });

  it('refuses a limit that is not a whole number of runs', () => {
    assert.throws(() => recordRun(join(tmp, 'other.jsonl'), run({}), Number('twenty')), /whole number of runs/);
  });
});

describe('the history strip', () => {
  it('shows each run as a letter with its status in words, oldest first, with the flip rate and the flaky mark', () => {
    const history = [run({ [KEY]: passed() }), run({ [KEY]: failed() }), run({}), run({ [KEY]: passed(10, 2) })];
    const { markdown: strip, values } = splitRunValues(historyStrip(trendOf([KEY], URI, history), 'scenario'));
    const [, of = '', n = ''] = /<policy-history of="(\w+)" n="(\d+)"><\/policy-history>/.exec(strip) ?? [];
    const runs = values[Number(n)] ?? '';
    const labels = historyRunLabels(history);
    const cells = historyCells(runs, labels).map(({ outcome, letter, label }) => [outcome, label, letter]);
    const when = history.map(
      ({ time, commit }) => ` — ${time.slice(0, 16).replace('T', ' ')} UTC, commit ${commit} on main (embedded)`,
    );
    assert.deepEqual(cells, [
      ['passed', `passed${when[0]}`, 'P'],
      ['failed', `failed${when[1]}`, 'F'],
      ['not-run', `did not run${when[2]}`, '–'],
      ['passed', `passed after 2 attempts${when[3]}`, 'P'],
    ]);
    assert.equal(historyName(of, cells.length), 'This scenario in the last 4 runs, oldest first');
    assert.match(strip, /data-testid="flip-rate">changed status <policy-run-value n="1"><\/policy-run-value> times</);
    assert.equal(values[1], '2 of 2');
    assert.match(strip, /data-testid="flaky-mark"[^>]*>flaky</);
  });

  it("names every status as the book's legend does", () => {
    const statuses: Status[] = ['passed', 'failed', 'ambiguous', 'undefined', 'pending', 'skipped', 'unknown'];
    const cells = historyCells(statuses.join(' '), []);
    assert.deepEqual(
      cells.map(({ outcome, label }) => [outcome, label]),
      statuses.map((status) => [status, `${STATUS_LABELS[status]} — `]),
    );
    assert.deepEqual(
      cells.map(({ letter }) => letter),
      ['P', 'F', 'A', 'N', 'N', 'S', '?'],
    );
  });
});
