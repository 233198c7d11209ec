import type { Dialog } from '@playwright/test';
import { countsOfRun } from './run-counts.ts';
import { expect, test, watchConsole } from './site-page.ts';

// Every test loads its pages afresh (page.goto) and fails on a console error or an uncaught page error.
let consoleErrors: ReturnType<typeof watchConsole>;
test.beforeEach(({ sitePage }) => {
  consoleErrors = watchConsole(sitePage);
});
test.afterEach(() => {
  expect(consoleErrors.stop(), 'console errors on the page').toEqual([]);
});

test('the overview shows the same counts as the last run', async ({ sitePage: page }) => {
  const run = countsOfRun('reports/cucumber-messages.ndjson');
  await page.goto('/policies');
  await expect(page.getByRole('heading', { level: 1, name: 'Policy health' })).toBeVisible();
  await expect(page.getByTestId('count-total')).toHaveText(String(run.total));
  await expect(page.getByTestId('count-passed')).toHaveText(String(run.passed));
  await expect(page.getByTestId('count-failed')).toHaveText(String(run.failed));
  await expect(
    page.getByRole('link', { name: 'A cart never vanishes while it is being changed', exact: true }),
  ).toBeVisible();
});

test('a policy page shows a failing scenario as failing, with its error', async ({ sitePage: page }) => {
  await page.goto('/example-run/shop/every-status');
  const failed = page.locator('.policy-status[data-status="failed"]').first();
  await expect(failed).toBeVisible();
  await expect(failed).toHaveText(/failed/i);
  await expect(page.locator('pre').filter({ hasText: /Error/ }).first()).toBeVisible();
  await page.goto('/example-run');
  await expect(page.getByTestId('count-failed')).not.toHaveText('0');
});

test('search finds a policy by a word that appears only in one of its scenarios', async ({ sitePage: page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-has-hydrated', 'true');
  const input = page.locator('.navbar__search input');
  const hit = page
    .getByRole('option')
    .filter({ hasText: /What can go into a cart/ })
    .first();
  // The search index loads on first use; type again until it answers.
  await expect(async () => {
    await input.fill('');
    await input.fill('Strawberry');
    await expect(hit).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await hit.click();
  await expect(page).toHaveURL(/\/policies\/cart\/prices-and-availability/);
});

test('the API reference is reachable from a policy page', async ({ sitePage: page }) => {
  await page.goto('/policies/cart/the-vanished-cart');
  await page
    .getByRole('link', { name: /cart\.service/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/api\/cart\/cart\.service/);
  // One page per module: the class is a section of it.
  await expect(page.locator('h3#api-cartservice')).toContainText('CartService');
});

test('injection attempts in features render as text and run nothing', async ({ sitePage: page }) => {
  const dialogs: string[] = [];
  const onDialog = (dialog: Dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  };
  page.on('dialog', onDialog);
  await page.goto('/example-run/shop/injection-attempts');
  await expect(page.locator('main h1')).toContainText('<script>alert(1)</script>');
  await expect(page.locator('main')).toContainText('<img src=x onerror=alert(1)>');
  page.off('dialog', onDialog);
  expect(dialogs).toEqual([]);
});
