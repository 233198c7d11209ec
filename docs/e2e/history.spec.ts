import type { Page } from '@playwright/test';
import { axe, expect, test, watchConsole } from './site-page.ts';

// The example run is built over four runs and two commits (docs/generator/example-history.ts): "A failing
// scenario" passed three times, then was reworded and failed; the retried flaky scenario failed in the one run
// without retries, with nothing changed.
const PAGE = '/example-run/shop/every-status';
const CHANGED = 'A failing scenario';
const FLAKY = 'A flaky scenario that passes on its second attempt';

// Every test loads its pages afresh (page.goto) and fails on a console error or an uncaught page error.
let consoleErrors: ReturnType<typeof watchConsole>;
test.beforeEach(({ sitePage }) => {
  consoleErrors = watchConsole(sitePage);
});
test.afterEach(() => expect(consoleErrors.stop(), 'console errors on the page').toEqual([]));

/** The paragraph under a scenario's heading that holds its history. */
function historyOf(page: Page, scenario: string) {
  const heading = page.getByRole('heading', { level: 2, name: `Scenario: ${scenario}` });
  return heading.locator('xpath=following-sibling::p[.//*[@data-testid="history-strip"]][1]');
}

test('the overview says what changed since the last run and links to the scenario', async ({ sitePage: page }) => {
  await page.goto('/example-run');
  await expect(page.getByRole('heading', { level: 2, name: 'Since the last run' })).toBeVisible();
  await expect(page.getByTestId('since-regressed')).toHaveText('1');
  await expect(page.getByTestId('since-flaky')).toHaveText('1');
  await expect(page.getByTestId('since-fixed')).toHaveText('0');
  const regressed = page.locator('h3#since-regressed + ul');
  await expect(regressed).toContainText('passed → failed');
  await expect(page.locator('h3#since-flaky + ul')).toContainText(FLAKY);
  await regressed.getByRole('link', { name: `Every status a scenario can end in › ${CHANGED}` }).click();
  await expect(page).toHaveURL(/\/example-run\/shop\/every-status#scenario-a-failing-scenario$/);
});

test('a scenario shows its last runs oldest first, in words for assistive technology, and its change', async ({
  sitePage: page,
}) => {
  await page.goto(PAGE);
  const history = historyOf(page, CHANGED);
  const strip = history.getByRole('group', { name: 'This scenario in the last 4 runs, oldest first' });
  await expect(strip).toHaveText('PPPF');
  const runs = strip.getByRole('img');
  await expect(runs).toHaveCount(4);
  await expect(runs.nth(0)).toHaveAccessibleName(/^passed — .* UTC, commit [0-9a-f]{7}/);
  await expect(runs.nth(3)).toHaveAccessibleName(/^failed — /);
  await expect(history.getByTestId('flip-rate')).toHaveText('changed status 1 of 3 times');
  await expect(history.getByTestId('flaky-mark')).toHaveCount(0);
  await history.getByRole('link', { name: /Changed since [0-9a-f]{7}: spec and behaviour changed/ }).click();
  await expect(page).toHaveURL(/\/example-run\/changelog#changes-features-shop-every-status$/);
  const entry = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: `Scenario: ${CHANGED}` }) });
  await expect(entry).toContainText('spec and behaviour changed · reworded · passed → failed');
  await expect(entry).toContainText('− When a step that passes');
  await expect(entry).toContainText('+ When a step that fails with "expected 3 items but found 2"');
});

test('a scenario that alternated with nothing changed is marked flaky', async ({ sitePage: page }) => {
  await page.goto(PAGE);
  const history = historyOf(page, FLAKY);
  await expect(history.getByTestId('history-strip')).toHaveText('PFPP');
  await expect(history.getByRole('img').nth(0)).toHaveAccessibleName(/^passed after 2 attempts — /);
  await expect(history.getByTestId('flaky-mark')).toHaveText('flaky');
  await expect(historyOf(page, 'A passing scenario').getByTestId('flaky-mark')).toHaveCount(0);
});

test('a Rule shows the history of its scenarios together', async ({ sitePage: page }) => {
  await page.goto('/example-run/shop/rules-and-outlines');
  const rule = page.getByRole('heading', { level: 2, name: /Rule: Quantities are whole numbers/ });
  const strip = rule.locator('xpath=following-sibling::p[.//*[@data-testid="history-strip"]][1]').getByRole('group');
  await expect(strip).toHaveAccessibleName('This Rule in the last 4 runs, oldest first');
  await expect(strip).toHaveText('FFFF');
});

test('history strips and marks pass the accessibility checks', async ({ sitePage: page }) => {
  await page.goto(PAGE);
  const results = await axe(page)
    .include('.policy-history')
    .include('.policy-flaky')
    .include('.policy-changed')
    .analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.length}`)).toEqual([]);
});

test("the project's own book has a history section and a changelog page", async ({ sitePage: page }) => {
  await page.goto('/policies');
  const since = page.getByRole('heading', { level: 2, name: 'Since the last run' });
  await expect(since).toBeVisible();
  await page.getByRole('link', { name: 'changelog' }).first().click();
  await expect(page).toHaveURL(/\/policies\/changelog$/);
  await expect(page.getByRole('heading', { level: 1, name: 'What changed' })).toBeVisible();
});
