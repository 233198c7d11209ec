import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Loads a route of the built site afresh and waits until React has taken the page over. */
export async function load(page: Page, route: string): Promise<void> {
  await page.goto(route);
  await expect(page.locator('html')).toHaveAttribute('data-has-hydrated', 'true', { timeout: 30_000 });
}

/**
 * Shows a route of the site in the page as following a link does. The site is a single-page app: once loaded, a
 * route costs rendering its content, not loading and hydrating the whole site again. The router follows the history
 * (`popstate`); the route is shown when the document column is a new one and the canonical URL names the route.
 * A page not showing the site yet loads the route.
 */
export async function visit(page: Page, route: string): Promise<void> {
  if (!(await page.evaluate<boolean>(`document.documentElement.dataset.hasHydrated === 'true'`))) {
    return load(page, route);
  }
  await page.evaluate(`(() => {
    const column = document.querySelector('.theme-doc-markdown');
    if (column) column.left = true;
    window.history.pushState(null, '', ${JSON.stringify(route)});
    window.dispatchEvent(new PopStateEvent('popstate'));
  })()`);
  await page
    .waitForFunction(
      `(() => {
    const column = document.querySelector('.theme-doc-markdown');
    const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href');
    return column !== null && !column.left && canonical && new URL(canonical).pathname === ${JSON.stringify(route)};
  })()`,
      undefined,
      { timeout: 30_000 },
    )
    .catch((error: Error) => {
      throw new Error(`${route} was not shown: ${error.message}`);
    });
}

/**
 * axe-core over the page, in the page itself (legacy mode: axe's other mode runs each frame apart and gathers the
 * results in a second page, a cost for nothing on a site of single-frame pages), reporting every violation but only
 * one example of what passed or was inapplicable (axe writes a selector for each node it reports).
 */
export const axe = (page: Page): AxeBuilder =>
  new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).setLegacyMode(true);
