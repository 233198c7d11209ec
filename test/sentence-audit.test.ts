import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CucumberExpression, ParameterTypeRegistry, RegularExpression } from '@cucumber/cucumber-expressions';
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { selectChanged, withImporters } from '../scripts/sentence-audit/changed.ts';
import { main } from '../scripts/sentence-audit/cli.ts';
import { boundInWords, thresholdChanges } from '../scripts/sentence-audit/thresholds.ts';
import { declarationFor, readDeclarations } from '../scripts/sentence-audit/declarations.ts';
import { onlyScenarios, parseFeature, withVariants } from '../scripts/sentence-audit/gherkin.ts';
import { deriveMutants } from '../scripts/sentence-audit/mutants.ts';
import {
  amountChanges,
  cellChanges,
  choiceChange,
  durationChanges,
  integerChanges,
  literalAlternatives,
  numbersInTextChanges,
  ordinalChanges,
  swapChange,
} from '../scripts/sentence-audit/operators.ts';

const texts = (changes: { text: string }[]) => changes.map((c) => c.text);

describe('sentence mutation operators', () => {
  it('move a whole number one up and one down, 0 only up and 1 down to 0', () => {
    assert.deepEqual(texts(integerChanges('9')), ['10', '8']);
    assert.deepEqual(texts(integerChanges('1')), ['2', '0']);
    assert.deepEqual(texts(integerChanges('0')), ['1']);
  });

  it('move a won amount by one won, written as it was', () => {
    assert.deepEqual(texts(amountChanges('2,900')), ['2,901', '2,899']);
    assert.deepEqual(texts(amountChanges('1,000')), ['1,001', '999']);
    assert.deepEqual(texts(amountChanges('500')), ['501', '499']);
  });

  it('move each count of a span of time, in good English', () => {
    assert.deepEqual(texts(durationChanges('29 days and 23 hours')), [
      '30 days and 23 hours',
      '28 days and 23 hours',
      '29 days and 24 hours',
      '29 days and 22 hours',
    ]);
    assert.deepEqual(texts(durationChanges('2 days')), ['3 days', '1 day']);
    assert.deepEqual(texts(durationChanges('1 minute')), ['2 minutes', '0 minutes']);
  });

  it('move a position with its suffix', () => {
    assert.deepEqual(texts(ordinalChanges('51st')), ['52nd', '50th']);
    assert.deepEqual(texts(ordinalChanges('12th')), ['13th', '11th']);
  });

  it('move the counts inside free text, leaving digits that belong to a name', () => {
    assert.deepEqual(texts(numbersInTextChanges('10 by instance 1')), [
      '11 by instance 1',
      '9 by instance 1',
      '10 by instance 2',
      '10 by instance 0',
    ]);
    assert.deepEqual(texts(numbersInTextChanges('Milk 1L and Mandarins 1kg')), []);
    assert.deepEqual(texts(numbersInTextChanges('must be at most 2,147,483,647 won')), [
      'must be at most 2,147,483,648 won',
      'must be at most 2,147,483,646 won',
    ]);
  });

  it('swap a value for the next one of its kind, the feature’s own values first, the same way every time', () => {
    const pools = [['Milk 1L', 'Eggs 10', 'Milk 1L'], ['Tofu']];
    assert.deepEqual(texts(swapChange('Milk 1L', pools)), ['Eggs 10']);
    assert.deepEqual(texts(swapChange('Eggs 10', pools)), ['Milk 1L']);
    assert.deepEqual(texts(swapChange('Tofu', [['Tofu'], ['Tofu', 'Pears']])), ['Pears']);
    assert.deepEqual(swapChange('Tofu', [['Tofu']]), []);
  });

  it('offer the other choices of a closed regular-expression group, and none for a free one', () => {
    assert.deepEqual(literalAlternatives('open|closed|half-open'), ['open', 'closed', 'half-open']);
    assert.equal(literalAlternatives('.+'), undefined);
    assert.equal(literalAlternatives('\\d+'), undefined);
  });

  it('offer the next choice of a closed set first and the others, in the same order, to try while the sentence passes', () => {
    const kinds = ['for an access token', 'for a payment', 'to cancel a payment', 'to expect a payment'];
    assert.deepEqual(choiceChange('for an access token', kinds), [
      { operator: 'other choice', text: 'to cancel a payment', fallbacks: ['to expect a payment', 'for a payment'] },
    ]);
    assert.deepEqual(choiceChange('yes', ['yes', 'no']), [{ operator: 'other choice', text: 'no' }]);
  });

  it('change table cells by what they hold: numbers, amounts, yes/no, names', () => {
    assert.deepEqual(texts(cellChanges('7', [])), ['8', '6']);
    assert.deepEqual(texts(cellChanges('4,500', [])), ['4,501', '4,499']);
    assert.deepEqual(texts(cellChanges('yes', [])), ['no']);
    assert.deepEqual(texts(cellChanges('Tofu', [['Tofu', 'Eggs 10']])), ['Eggs 10']);
    assert.deepEqual(cellChanges('', [['x']]), []);
  });
});

describe('thresholds', () => {
  it('are read from the words around a number', () => {
    assert.equal(boundInWords('a customer searches at least ', ' times'), 'at least');
    assert.equal(boundInWords('fails more than "', '" times'), 'at least');
    assert.equal(boundInWords('searches ', ' times or more'), 'at least');
    assert.equal(boundInWords('sends at most ', ' messages'), 'at most');
    assert.equal(boundInWords('keeps up to ', ' lines'), 'at most');
    assert.equal(boundInWords('waits ', ' seconds or less'), 'at most');
    assert.equal(boundInWords('searches ', ' times'), undefined);
    assert.equal(boundInWords('a bleast ', ''), undefined);
  });

  it('keep only the change that must fail: out of what a premise admits, toward a stronger outcome', () => {
    const changes = [
      { operator: '+1', text: '11' },
      { operator: '-1', text: '9' },
      { operator: 'swap', text: 'other' },
    ];
    assert.deepEqual(texts(thresholdChanges(changes, 'at least', false)), ['9', 'other']);
    assert.deepEqual(texts(thresholdChanges(changes, 'at least', true)), ['11', 'other']);
    assert.deepEqual(texts(thresholdChanges(changes, 'at most', false)), ['11', 'other']);
    assert.deepEqual(texts(thresholdChanges(changes, 'at most', true)), ['9', 'other']);
    assert.deepEqual(texts(thresholdChanges([{ operator: '+1 (10)', text: 'x 11' }], 'at least', false)), []);
  });
});

describe('declarations of arguments irrelevant on purpose', () => {
  const feature = parseFeature(
    'features/x.feature',
    [
      'Feature: x',
      '  # irrelevant "jam": the breaker counts calls, whatever the customer typed',
      '  Scenario: one',
      '    Given a customer searches "Gangnam Fresh" for "jam" 3 times',
      '    # irrelevant 3, "Gangnam Fresh": only that searches happened matters here',
      '    When a customer searches "Gangnam Fresh" for "jam" 3 times',
      '    # irrelevant "x": short',
      '    Then done',
    ].join('\n'),
  );
  const { declarations, problems } = readDeclarations(feature.document, feature.blocks);

  it('cover the scenario or the step right below them, the nearest one winning', () => {
    assert.equal(declarationFor(declarations, 4, '"jam"')?.line, 2);
    assert.equal(declarationFor(declarations, 6, '3')?.line, 5);
    assert.equal(declarationFor(declarations, 4, '3'), undefined);
    assert.equal(declarationFor(declarations, 6, 'Gangnam Fresh')?.reason, 'only that searches happened matters here');
  });

  it('need a reason a new hire can read', () => {
    assert.deepEqual(
      problems.map((p) => p.line),
      [7],
    );
  });

  it('are plain Gherkin comments, so the feature still parses', () => {
    const parser = new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher());
    assert.equal(parser.parse(feature.source).comments.length, 3);
  });
});

describe('changes judged without running: a sentence no longer read as one step is not a change', () => {
  const uri = 'features/basket.feature';
  const feature = parseFeature(
    uri,
    ['Feature: basket', '  Scenario: counted', '    Given Mina puts 9 "apples" in the basket', '    Then 2 pears'].join(
      '\n',
    ),
  );
  const registry = new ParameterTypeRegistry();
  const definition = (pattern: string | RegExp, line: number) => ({
    pattern,
    uri: 'steps/basket.steps.ts',
    line,
    expression:
      typeof pattern === 'string'
        ? new CucumberExpression(pattern, registry)
        : new RegularExpression(pattern, registry),
  });
  const replacements = (line: number, ...definitions: ReturnType<typeof definition>[]) =>
    deriveMutants([feature], definitions, new Map([[uri, 'all']]))[0]!
      .mutants.filter((m) => m.line === line)
      .map((m) => m.replacement);

  it('makes no change whose sentence matches no step definition: it would fail undefined, which kills nothing', () => {
    assert.deepEqual(replacements(3, definition(/^(\w+) puts (\d) "([^"]*)" in the basket$/, 1)), ['8']);
  });

  it("makes no change to an outline's step that some example row would no longer read as a step", () => {
    const outlineUri = 'features/baskets.feature';
    const outline = parseFeature(
      outlineUri,
      [
        'Feature: baskets',
        '  Scenario Outline: spread',
        '    Then <n> pears in 9 baskets',
        '    Examples:',
        '      | n |',
        '      | 2 |',
      ].join('\n'),
    );
    const mutants = deriveMutants(
      [outline],
      [definition(/^(\d) pears in (\d) baskets$/, 1)],
      new Map([[outlineUri, 'all']]),
    );
    assert.deepEqual(
      mutants[0]!.mutants.filter((m) => m.line === 3).map((m) => m.replacement),
      ['8'],
    );
  });

  it('makes no change whose sentence matches two step definitions: it would fail ambiguous', () => {
    const counted = definition('{int} pears', 2);
    assert.deepEqual(replacements(4, counted), ['3', '1']);
    assert.deepEqual(replacements(4, counted, definition('1 pears', 3)), ['3']);
  });
});

describe("a change's scratch feature: only the scenarios it runs in", () => {
  it('blanks a scenario ending in a doc string, empty or holding a blank line, up to its closing delimiter only', () => {
    for (const content of [[], ['']]) {
      const source = [
        'Feature: notes',
        '  Scenario: one',
        '    Given the note:',
        '      """',
        ...content,
        '      """',
        '  @slow',
        '  Scenario: two',
        '    Given the note is empty',
      ].join('\n');
      const feature = parseFeature('features/notes.feature', source);
      const two = feature.source.split('\n').indexOf('  Scenario: two') + 1;
      const kept = onlyScenarios(feature, source, [two]).split('\n');
      assert.deepEqual(kept.slice(-3), ['  @slow', '  Scenario: two', '    Given the note is empty']);
      assert.deepEqual(kept.slice(1, -3).filter(Boolean), []);
    }
  });
});

describe("a scenario's checks tried together", () => {
  it('puts each variant where its step runs, the step as written after each, other scenarios blanked', () => {
    const source = [
      'Feature: notes',
      '  Scenario: one',
      '    Given a note',
      '  Scenario: two',
      '    Given a note',
      '    Then it reads:',
      '      | a |',
      '    And it is 1 line',
    ].join('\n');
    const feature = parseFeature('features/notes.feature', source);
    const change = (line: number, from: string, to: string) => ({
      step: line,
      source: source.replace(source.split('\n')[line - 1]!, source.split('\n')[line - 1]!.replace(from, to)),
    });
    const table = { step: 6, source: source.replace('| a |', '| b |') };
    const { source: tried, lines } = withVariants(feature, 4, [
      table,
      change(8, '1', '2'),
      change(6, 'reads', 'reads'),
    ]);
    assert.deepEqual(tried.split('\n'), [
      'Feature: notes',
      '',
      '',
      '  Scenario: two',
      '    Given a note',
      '    Then it reads:',
      '      | b |',
      '    Then it reads:',
      '      | a |',
      '    Then it reads:',
      '      | a |',
      '    Then it reads:',
      '      | a |',
      '    And it is 2 line',
      '    And it is 1 line',
    ]);
    assert.deepEqual(lines, [6, 14, 10]);
  });
});

describe('--changed: the scenarios a change touches', () => {
  const uri = 'features/basket.feature';
  const feature = parseFeature(
    uri,
    [
      'Feature: basket',
      '  Scenario: counted',
      '    Given Mina puts 2 "apples" in the basket',
      '    Then Mina\'s basket holds 2 "apples"',
      '',
      '  Scenario Outline: put loosely',
      '    When Mina puts <qty> "pears" in the basket loosely',
      '    Then Mina\'s basket holds some "pears"',
      '',
      '    Examples:',
      '      | qty |',
      '      | 3   |',
      '      | 4   |',
    ].join('\n'),
  );
  const definition = (file: string, pattern: RegExp) => ({
    pattern,
    uri: file,
    line: 1,
    expression: { regexp: pattern, match: (text: string) => (pattern.test(text) ? [] : null) },
  });
  const definitions = [
    definition('steps/loosely.steps.ts', /^\w+ puts \d+ "[^"]*" in the basket loosely$/),
    definition('steps/counts.steps.ts', /^\w+'s basket holds \d+ "[^"]*"$/),
  ];
  const select = (...files: string[]) => selectChanged([feature], definitions, new Set(files));

  it('finds an outline step, as each example row fills it in, when its step definition changed', () => {
    assert.deepEqual(select('steps/loosely.steps.ts'), new Map([[uri, new Set([12, 13])]]));
  });

  it('touches only the scenarios that run a changed definition, the whole feature when it changed, else nothing', () => {
    assert.deepEqual(select('steps/counts.steps.ts'), new Map([[uri, new Set([2])]]));
    assert.deepEqual(select(uri, 'steps/counts.steps.ts'), new Map([[uri, 'all']]));
    assert.deepEqual(select('src/cart/cart.service.ts'), new Map());
  });

  it('counts a step file changed when a driver, world or mock it imports changed, through any chain, not for src', () => {
    const root = mkdtempSync(join(tmpdir(), 'sentence-audit-imports-'));
    const write = (file: string, text: string) => {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), text);
    };
    write('steps/cart.steps.ts', "import { CartDriver } from './support/drivers/cart.ts';\n");
    write('steps/search.steps.ts', "import { aiSearch } from '../mocks/vendors.ts';\n");
    write('steps/support/drivers/cart.ts', "import type { PolicyWorld } from '../world.ts';\n");
    write('steps/support/world.ts', "import { x } from '../../src/x.ts';\n");
    write('mocks/vendors.ts', '');
    const changed = (...files: string[]) => [...withImporters(new Set(files), root)].sort();
    assert.deepEqual(changed('steps/support/world.ts'), [
      'steps/cart.steps.ts',
      'steps/support/drivers/cart.ts',
      'steps/support/world.ts',
    ]);
    assert.deepEqual(changed('mocks/vendors.ts'), ['mocks/vendors.ts', 'steps/search.steps.ts']);
    assert.deepEqual(changed('src/x.ts'), ['src/x.ts']);
    write('steps/support/hooks.ts', "import { x } from '../../src/x.ts';\n");
    assert.deepEqual(changed('steps/support/hooks.ts'), [
      'steps/cart.steps.ts',
      'steps/search.steps.ts',
      'steps/support/hooks.ts',
    ]);
  });
});

describe('the sentence audit', () => {
  const fixture = 'test/fixtures/sentence-audit';
  // The command line as CI runs it, a Node start of its own, started as this suite is declared (when the file loads):
  // in the unit process (test/unit.ts) it runs beside the files before this one. The fixture's book and one process:
  // the project's support code and a worker would load for nothing.
  const asCommand = promisify(execFile)(
    process.execPath,
    [
      'scripts/sentence-audit/cli.ts',
      ...['--book', `${fixture}/features`, '--import', `${fixture}/steps/*.ts`, '--parallel', '1'],
      ...['--changed', 'no-such-ref'],
    ],
    { env: { ...process.env, NODE_OPTIONS: '--import tsx' } },
  ).then(
    ({ stdout, stderr }) => ({ status: 0, stdout, stderr }),
    (failed: { code: number; stdout: string; stderr: string }) => ({ status: failed.code, ...failed }),
  );
  // The command line in this process (its support code loads once, as in one `test:sentences`), not a Node start each.
  // One process unless a test asks for more (its own --parallel comes later and wins): a fixture feature has fewer
  // scenarios than are worth a worker, which an audit would start and stop unused.
  const run = async (feature: string, ...options: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'sentence-audit-'));
    const json = join(dir, 'sentences.json');
    const printed: string[] = [];
    const print = (line: string) => void printed.push(line);
    const status = await main(
      [
        `${fixture}/features/${feature}`,
        '--book',
        `${fixture}/features`,
        '--import',
        `${fixture}/steps/*.ts`,
        '--scratch',
        join(dir, 'mutants'),
        '--json',
        json,
        '--parallel',
        '1',
        ...options,
      ],
      print,
      print,
    );
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    rmSync(dir, { recursive: true, force: true });
    return { status, output: printed.join('\n'), report };
  };

  it('passes a feature whose every word is checked', async () => {
    const { status, output, report } = await run('proven.feature');
    assert.equal(status, 0, output);
    assert.ok(report.totals.mutants >= 6, output);
    assert.equal(report.totals.killed, report.totals.mutants);
    // The start-up split, in order: support code loaded, changes derived, BeforeAll hooks run.
    const { supportLoaded, derived, opened } = report.startup;
    assert.ok(0 < supportLoaded && supportLoaded <= derived && derived <= opened && opened <= report.seconds, output);
  });

  it('fails on a step that ignores its quantity, naming the sentence', async () => {
    const { status, output, report } = await run('weakened.feature');
    assert.equal(status, 1, output);
    assert.match(
      output,
      /weakened\.feature:4 survivor: When Mina puts 3 "pears" in the basket loosely — \{int\} "3" → "4"/,
    );
    const survivors = report.features[0]!.mutants.filter((m) => m.verdict === 'survived');
    assert.deepEqual(
      survivors.map((m) => [m.sentence.text, m.original, m.replacement]),
      [
        ['When Mina puts 3 "pears" in the basket loosely', '3', '4'],
        ['When Mina puts 3 "pears" in the basket loosely', '3', '2'],
      ],
    );
  });

  it('passes the same weak step once the quantity is declared irrelevant with a reason, and reports the reason', async () => {
    const { status, output, report } = await run('declared.feature');
    assert.equal(status, 0, output);
    assert.equal(report.totals.declared, 2);
    assert.equal(
      report.features[0]!.declarations[0]!.reason,
      'only that pears are in the basket matters here, not how many',
    );
  });

  it("tries the changes to a scenario's checks in one run, and alone a change that alters what later steps see", async () => {
    const { status, output, report } = await run('checks.feature');
    assert.equal(status, 0, output);
    const mutants = report.features[0]!.mutants;
    const of = (words: RegExp) => mutants.filter((m) => words.test(m.sentence.text));
    assert.equal(report.totals.killed, mutants.length, output);
    assert.ok(of(/holds/).length >= 4, output);
    assert.ok(
      of(/holds/).every((m) => m.sharedRun),
      'a change that reads only is judged in the shared run',
    );
    // Handing over more than the basket holds fails, but the hand-over was recorded: later steps would see it, so
    // it and every change after it in that run are judged alone.
    assert.ok(of(/can hand over|last/).length >= 4, output);
    assert.ok(of(/can hand over|last/).every((m) => !m.sharedRun && m.verdict === 'killed'));
  });

  it('judges alone every change to a check after one that, or whose check as written, changed what later steps see', async () => {
    const { status, output, report } = await run('carried-over.feature');
    assert.equal(status, 1, output);
    // The bound nobody checks survives alone: a kill of it in the shared run would be false.
    const slots = report.features[0]!.mutants.filter((m) => /fit in/.test(m.sentence.text));
    assert.deepEqual(
      slots.map((m) => [m.sentence.text, m.replacement, m.verdict, m.sharedRun]),
      [
        ["And Mina's hand-overs fit in 4 slots", '5', 'survived', false],
        ["And Mina's hand-overs fit in 4 slots", '3', 'survived', false],
        ["And Mina's hand-overs fit in 2 slots", '3', 'survived', false],
        ["And Mina's hand-overs fit in 2 slots", '1', 'survived', false],
      ],
    );
  });

  it("reports a scenario that fails unchanged, though its checks' shared run ran first, with its own failure", async () => {
    const { status, output, report } = await run('broken.feature');
    assert.equal(status, 1, output);
    const [feature] = report.features;
    assert.deepEqual(
      feature!.brokenScenarios.map(({ name, line }) => [name, line]),
      [['Pears miscounted', 3]],
    );
    assert.match(feature!.brokenScenarios[0]!.failure, /^Mina's basket holds 3 "pears": /);
    assert.ok(feature!.mutants.length > 0 && feature!.mutants.every((m) => m.verdict === 'not judged'), output);
  });

  it('tries a change of several scenarios first in the one an earlier report shows it killed in', async () => {
    const first = await run('background.feature');
    assert.equal(first.status, 0, first.output);
    const background = (report: Report) => report.features[0]!.mutants.filter((m) => m.line === 4);
    assert.ok(background(first.report).length >= 2, first.output);
    assert.ok(background(first.report).every((m) => m.verdict === 'killed' && m.scenario.line === 6));
    // The same report, as if each change had been killed in the second scenario: that one now runs first.
    const earlier = structuredClone(first.report);
    for (const m of background(earlier)) m.scenario.line = 9;
    const dir = mkdtempSync(join(tmpdir(), 'sentence-audit-'));
    const json = join(dir, 'sentences.json');
    writeFileSync(json, JSON.stringify(earlier));
    const args = ['--book', `${fixture}/features`, '--import', `${fixture}/steps/*.ts`, '--parallel', '1'];
    const status = await main(
      [`${fixture}/features/background.feature`, ...args, '--scratch', join(dir, 'mutants'), '--json', json],
      () => undefined,
    );
    const again = JSON.parse(readFileSync(json, 'utf8')) as Report;
    rmSync(dir, { recursive: true, force: true });
    assert.equal(status, 0);
    assert.deepEqual(
      background(again).map((m) => [m.replacement, m.verdict, m.scenario.line]),
      background(first.report).map((m) => [m.replacement, 'killed', 9]),
    );
  });

  it("with no earlier report, tries a step's change of several scenarios first in the one that killed the step's last change", async () => {
    const { status, output, report } = await run('background-learned.feature');
    assert.equal(status, 0, output);
    // Only the second scenario counts the pears. The first change of the Background passes the first scenario, then
    // is killed in the second; the next changes of that step run there first, and are killed at once.
    assert.deepEqual(
      report.features[0]!.mutants.filter((m) => m.line === 4).map((m) => [m.replacement, m.verdict, m.scenario.line]),
      [
        ['3', 'killed', 9],
        ['1', 'killed', 9],
        ['plums', 'killed', 9],
      ],
    );
    // Each scenario unchanged (the second's shared run of its three checks stands for it), the Background's changes
    // 2 + 1 + 1, the first scenario's check 1: tried in order, "1" and "plums" would each pass the first scenario too.
    assert.equal(report.runs, 7, output);
  });

  it('as a command, exits with what it answers: 2 for a ref git does not know', async () => {
    const { status, stdout, stderr } = await asCommand;
    assert.equal(status, 2, stdout + stderr);
    assert.match(stderr, /--changed/);
  });

  it('with --changed, audits only the features changed since the ref', async () => {
    const git = (...args: string[]) => spawnSync('git', args, { encoding: 'utf8' }).stdout.trim();
    const added = git('log', '--diff-filter=A', '--format=%H', '--', `${fixture}/features/weakened.feature`)
      .split('\n')
      .at(-1)!;
    // Every fixture feature: scenarios enough for a worker, so the audit runs one.
    const before = await run('', '--changed', `${added}~1`, '--parallel', '2');
    assert.deepEqual(
      before.report.features.map((f) => f.uri).sort(),
      [
        'background-learned',
        'background',
        'broken',
        'carried-over',
        'checks',
        'declared',
        'kinds',
        'outline',
        'proven',
        'skipped',
        'stale-threshold',
        'stale',
        'threshold',
        'weakened',
      ].map((n) => `${fixture}/features/${n}.feature`),
    );
    const latest = git('log', '-1', '--format=%H', '--', `${fixture}/features`);
    const after = await run('', '--changed', latest);
    assert.equal(after.status, 0, after.output);
    assert.deepEqual(after.report.features, []);
  });

  it('mutates the cells of an outline’s examples, each row in its own scenario', async () => {
    const { status, output, report } = await run('outline.feature');
    assert.equal(status, 0, output);
    const changes = report.features[0]!.mutants.filter((m) => m.where === 'example')
      .map((m) => [m.line, m.argument, m.replacement, m.verdict])
      .sort((a, b) => Number(a[0]) - Number(b[0]) || String(a[1]).localeCompare(String(b[1])) * -1);
    const row = (line: number, value: number) =>
      ['put', 'held'].flatMap((column) =>
        [value + 1, value - 1].map((to) => [line, `{int} in column "${column}"`, String(to), 'killed']),
      );
    assert.deepEqual(changes, [...row(9, 2), ...row(10, 5)]);
  });

  it('changes a threshold only in the direction that must fail, by its words or its declaration', async () => {
    const { status, output, report } = await run('threshold.feature');
    assert.equal(status, 0, output);
    const numbers = report.features[0]!.mutants.filter((m) => m.argument === '{int}');
    assert.deepEqual(
      numbers.map((m) => [m.line, m.replacement, m.verdict, m.threshold]),
      [
        [4, '2', 'killed', { bound: 'at least', declaredAt: null }],
        [6, '4', 'killed', { bound: 'at least', declaredAt: null }],
        [10, '2', 'killed', { bound: 'at least', declaredAt: 9 }],
      ],
    );
    assert.deepEqual(
      report.features[0]!.declarations.map((d) => [d.kind, d.reason]),
      [['at least', 'a pie needs three apples, and any more make a pie as well']],
    );
  });

  it('fails on a declaration that is no longer needed', async () => {
    const { status, output } = await run('stale.feature');
    assert.equal(status, 1, output);
    assert.match(output, /stale\.feature:4 declaration not needed/);
  });

  it('fails on a threshold declaration for a number held exactly, or one the words already bound', async () => {
    const { status, output, report } = await run('stale-threshold.feature');
    assert.equal(status, 1, output);
    assert.match(output, /stale-threshold\.feature:4 declaration not needed: "3" fails its scenario as well/);
    assert.match(
      output,
      /stale-threshold\.feature:9 declaration not needed: the sentence's words already say "at least"/,
    );
    // Only the change the threshold makes is counted; the spared one ran as a check of the declaration.
    assert.deepEqual(
      report.features[0]!.mutants.filter((m) => m.line === 5 && m.argument === '{int}').map((m) => m.replacement),
      ['1'],
    );
  });

  it('does not audit an example skipped with no change, and says so without failing', async () => {
    const { status, output, report } = await run('skipped.feature');
    assert.equal(status, 0, output);
    const [feature] = report.features;
    assert.deepEqual(feature!.brokenScenarios, []);
    assert.deepEqual(feature!.skippedScenarios, [
      { name: 'Apples counted elsewhere', line: 18, tags: ['@elsewhere-only'], mutants: 4 },
    ]);
    assert.ok(feature!.mutants.length > 0 && feature!.mutants.every((m) => m.verdict === 'killed'), output);
    assert.ok(!feature!.mutants.some((m) => m.line === 18), 'no change of the skipped row is reported');
    assert.match(output, /line 18 "Apples counted elsewhere" is skipped with no change \(@elsewhere-only\)/);
  });

  it('tries the other choices of a closed set in turn when the next one leaves the sentence true', async () => {
    const { status, output, report } = await run('kinds.feature');
    assert.equal(status, 0, output);
    const choices = report.features[0]!.mutants.filter((m) => m.operator === 'other choice');
    assert.deepEqual(
      choices.map((m) => [m.line, m.original, m.replacement, m.tried, m.verdict]),
      [
        [7, 'apples', 'plums', ['pears'], 'killed'],
        [8, 'pears', 'plums', [], 'killed'],
        [9, 'plums', 'apples', [], 'killed'],
      ],
    );
  });
});

interface Report {
  seconds: number;
  runs: number;
  startup: { supportLoaded: number; derived: number; opened: number };
  totals: { mutants: number; killed: number; declared: number };
  features: {
    uri: string;
    declarations: { kind: string; reason: string }[];
    brokenScenarios: { name: string; line: number; failure: string }[];
    skippedScenarios: { name: string; line: number; tags: string[]; mutants: number }[];
    mutants: {
      verdict: string;
      where: string;
      argument: string;
      operator: string;
      line: number;
      original: string;
      replacement: string;
      tried: string[];
      sentence: { text: string };
      scenario: { line: number };
      threshold: { bound: string; declaredAt: number | null } | null;
      sharedRun: boolean;
    }[];
  }[];
}
