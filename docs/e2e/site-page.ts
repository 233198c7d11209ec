import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AxeBuilder } from '@axe-core/playwright';
import { test as base, expect, type ConsoleMessage, type Page } from '@playwright/test';

export { expect };

/**
 * `sitePage`: one page of the site that the tests of a worker share, in the configured viewport at the start of each
 * test. A test shows its route there as a link does (`visit`), or loads it afresh (`page.goto`) from that page's cache
 * and compiled code, instead of a new browser context downloading, compiling and hydrating the whole site for each test.
 * A failed test ends its worker, and with it the page.
 */
export const test = base.extend<{ sitePage: Page }, { workerPage: Page }>({
  workerPage: [
    async ({ browser }, use, workerInfo) => {
      const { baseURL, reducedMotion, viewport } = workerInfo.project.use;
      const context = await browser.newContext({ baseURL, reducedMotion, viewport });
      await use(await context.newPage());
      await context.close();
    },
    { scope: 'worker' },
  ],
  sitePage: async ({ workerPage, viewport }, use) => {
    const size = workerPage.viewportSize();
    if (viewport && (size?.width !== viewport.width || size.height !== viewport.height)) {
      await workerPage.setViewportSize(viewport);
    }
    await use(workerPage);
  },
});

/** Gathers the console errors and uncaught errors of a page until `stop`, which returns them. */
export function watchConsole(page: Page): { stop(): string[] } {
  const errors: string[] = [];
  const onConsole = (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(message.text());
  };
  const onPageError = (error: Error) => errors.push(error.message);
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  return {
    stop() {
      page.off('console', onConsole);
      page.off('pageerror', onPageError);
      return errors;
    },
  };
}

/** Loads a route of the built site afresh and waits until React has taken the page over. */
async function load(page: Page, route: string): Promise<void> {
  await page.goto(route);
  await expect(page.locator('html')).toHaveAttribute('data-has-hydrated', 'true', { timeout: 30_000 });
}

/**
 * Shows a route of the site in the page as following a link does. The site is a single-page app: once loaded, a
 * route costs rendering its content, not loading and hydrating the whole site again. As a link does when the pointer
 * enters it, the route's code and data are loaded first (`window.docusaurus.preload`); the router then follows the
 * history (`popstate`) and shows the route at once, so Docusaurus never starts its route progress bar (started when a
 * route takes over 200 ms to load, it then takes 400 ms to fade out). The route is shown when the document column is
 * a new one and the canonical URL names the route. A page not showing the site yet, or showing that route already
 * (as an earlier test left it), loads the route.
 */
export async function visit(page: Page, route: string): Promise<void> {
  const elsewhere = `document.documentElement.dataset.hasHydrated === 'true' && location.pathname !== ${JSON.stringify(route)}`;
  if (!(await page.evaluate<boolean>(elsewhere))) return load(page, route);
  await page.evaluate(`(async () => {
    await window.docusaurus.preload(${JSON.stringify(route)});
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
    // Docusaurus's route progress bar (nprogress, role="bar", which axe refuses) gone: the route is done.
    const shown = column !== null && !column.left && canonical && new URL(canonical).pathname === ${JSON.stringify(route)};
    return shown && !document.getElementById('nprogress');
  })()`,
      undefined,
      { timeout: 30_000 },
    )
    .catch((error: Error) => {
      throw new Error(`${route} was not shown: ${error.message}`);
    });
}

/**
 * An AxeBuilder that puts axe-core in a document once: AxeBuilder evaluates axe's whole source (1.5 MB, unminified)
 * twice in every frame before each run, 0.1–0.2 s of the page's time each. Here each frame gets axe-core's minified
 * build once, kept while routes are shown as a link does; AxeBuilder then configures and runs the axe found there.
 */
class AxeOnce extends AxeBuilder {
  readonly #page: Page;
  constructor(page: Page) {
    super({ page, axeSource: 'void 0' });
    this.#page = page;
  }
  override async analyze(): ReturnType<AxeBuilder['analyze']> {
    for (const frame of this.#page.frames()) {
      if (await frame.evaluate<boolean>("typeof window.axe === 'undefined'")) await frame.evaluate(AXE_SOURCE);
    }
    return super.analyze();
  }
}
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core over the page, in the page itself (legacy mode: axe's other mode runs each frame apart and gathers the
 * results in a second page, a cost for nothing on a site of single-frame pages), reporting every violation but only
 * one example of what passed or was inapplicable (axe writes a selector for each node it reports).
 */
export const axe = (page: Page): AxeBuilder =>
  new AxeOnce(page).options({ resultTypes: ['violations'] }).setLegacyMode(true);
