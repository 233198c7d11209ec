// The reader's book: diagrams of vendor calls, the overview's filters, Korean search, the layout at 1280 px,
// links from steps to code and from contracts to scenarios, and WCAG 2.1 AA on every kind of generated page.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { axe, expect, test, visit } from './site-page.ts';

// Large pages (the PortOne contract, the code pages) take a while to hydrate on a busy machine.
test.describe.configure({ timeout: 120_000 });

const CONTENT = 'docs/content';
interface Scenario {
  name: string;
  status: string;
  tags: string[];
  domain: string;
  page: string;
  anchor: string;
  calls: unknown[];
}
const scenarios = (section: string): Scenario[] =>
  (JSON.parse(readFileSync(join(CONTENT, section, '_data/scenarios.json'), 'utf8')) as { scenarios: Scenario[] })
    .scenarios;

/** The routes of the generated pages of a section (`policies/cart/one-cart-per-mart`). */
function routes(section: string): string[] {
  return readdirSync(join(CONTENT, section), { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.md') && !file.split('/').some((part) => part.startsWith('_')))
    .map((file) => `/${section}/${file.replace(/\.md$/, '').replace(/(^|\/)index$/, '')}`.replace(/\/$/, ''));
}

const hrefs = async (links: Locator): Promise<(string | null)[]> =>
  Promise.all((await links.all()).map((link) => link.getAttribute('href')));
/**
 * Opens every fold as a reader does, by its summary (a fold renders its content only once opened; setting `open`
 * would leave it unrendered), folds inside folds too, and waits until each has finished opening.
 */
const openAll = async (page: Page) => {
  await page.waitForFunction(
    `(() => {
    const closed = document.querySelectorAll('details[data-collapsed="true"] > summary');
    closed.forEach((summary) => summary.click());
    return closed.length === 0;
  })()`,
    undefined,
    // A click re-renders its fold before the next look, a frame later, so no summary is clicked twice (which would
    // close it).
    { polling: 'raf' },
  );
  await page.waitForFunction(
    `[...document.querySelectorAll('details > div')].every((fold) => !fold.style.height || fold.style.height === 'auto')`,
  );
};

// Each refund and payment policy page whose scenarios call a vendor shows a sequence diagram of those calls: checked
// with the other checks of every generated page, where its folds are open.
test.describe('vendor calls', () => {
  test('a contract page shows Rules × operations linked both ways, and links the scenarios exercising an operation', async ({
    sitePage: page,
  }) => {
    await visit(page, '/contracts/portone');
    const matrix = page.locator('h2:has-text("Rules that call this vendor") + table');
    await expect(matrix).toBeVisible();
    await matrix.locator('tbody a').first().click();
    await expect(page).toHaveURL(/\/policies\/[\w-]+\/[^#]+#rule-/);
    const back = page.locator('p:has-text("Vendor operations:") a[href*="/contracts/portone#op-"]').first();
    await back.click();
    await expect(page).toHaveURL(/\/contracts\/portone#op-/);
    const exercised = page.locator('p:has-text("Exercised by") + ul a').first();
    await exercised.click();
    await expect(page).toHaveURL(/\/policies\/[\w-]+\/[\w-]+#scenario-/);
  });
});

test.describe('the overview filters', () => {
  test('by status, domain, tag and incident, without a reload', async ({ sitePage: page }) => {
    const all = scenarios('policies');
    await visit(page, '/policies');
    await page.evaluate('window.stillHere = true');
    const filter = page.getByTestId('scenario-filter');
    const count = filter.getByTestId('filter-count');
    await expect(count).toHaveText(String(all.length));

    await filter.getByLabel('Domain').selectOption('Cart');
    await expect(count).toHaveText(String(all.filter((s) => s.domain === 'Cart').length));
    for (const href of await hrefs(page.getByTestId('filter-results').locator('a'))) {
      expect(href).toMatch(/^\/policies\/cart\//);
    }
    await filter.getByLabel('Domain').selectOption('');

    await filter.getByLabel('Status').selectOption('passed');
    await expect(count).toHaveText(String(all.filter((s) => s.status === 'passed').length));
    await filter.getByLabel('Status').selectOption('');

    const incident = all.flatMap((s) => s.tags).find((tag) => tag.startsWith('@incident-')) ?? '';
    expect(incident, 'the run has scenarios guarding an incident').not.toBe('');
    await filter.getByLabel('Incident').selectOption(incident);
    await expect(count).toHaveText(String(all.filter((s) => s.tags.includes(incident)).length));
    await filter.getByLabel('Incident').selectOption('');

    const tag =
      all
        .flatMap((s) => s.tags)
        .sort()
        .at(-1) ?? '';
    expect(tag, 'the run has tagged scenarios').not.toBe('');
    await filter.getByLabel('Tag').selectOption(tag);
    await expect(count).toHaveText(String(all.filter((s) => s.tags.includes(tag)).length));

    await page.getByTestId('filter-results').locator('a').first().click();
    await expect(page).toHaveURL(/#scenario-/);
    expect(await page.evaluate<boolean>('window.stillHere === true'), 'the page was not reloaded').toBe(true);
  });
});

test.describe('search', () => {
  test('a Korean word finds its inflected forms (환불 → 환불은, 환불이), and never the example run', async ({
    sitePage: page,
  }) => {
    await visit(page, '/');
    const input = page.locator('.navbar__search input');
    const options = page.getByRole('option');
    await expect(async () => {
      await input.fill('');
      await input.fill('환불');
      await expect(options.filter({ hasText: '환불은' }).first()).toBeVisible({ timeout: 3_000 });
    }).toPass({ timeout: 30_000 });
    await expect(options.filter({ hasText: '환불이' }).first()).toBeVisible();
    // Both sections hold only the inflected forms: the bare word 환불 is not on them.
    await expect(options.filter({ hasText: '환불은' }).first()).toContainText(
      /The rule, as the marts say it|Two refunds for one order/,
    );
    await expect(options.filter({ hasText: '환불이' }).first()).toContainText(
      /A repeated request, as the marts say it|Two refunds for one order/,
    );
    // 상품 is on real pages (상품코드, 상품명) and in the example run's Korean fixture (상품을): only the real ones answer.
    await input.fill('');
    await input.fill('상품');
    await expect(options.first()).toBeVisible({ timeout: 10_000 });
    for (const text of await options.allInnerTexts()) expect(text).not.toMatch(/장바구니|Example run|Every status/);
  });

  test('the search box closes when the reader goes back while it is open: axe finds nothing in the navbar', async ({
    sitePage: page,
  }) => {
    await visit(page, '/policies/cart/the-vanished-cart');
    await visit(page, '/policies/cart/prices-and-availability');
    const input = page.locator('.navbar__search input');
    await expect(async () => {
      await input.fill('');
      await input.fill('Strawberry');
      await expect(page.getByRole('option').first()).toBeVisible({ timeout: 3_000 });
    }).toPass({ timeout: 30_000 });
    await expect(input).toHaveAttribute('aria-activedescendant');
    await page.goBack();
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', /\/policies\/cart\/the-vanished-cart$/);
    // Left open, the combobox stayed expanded on an option the page no longer has.
    await expect(input).toHaveAttribute('aria-expanded', 'false');
    await expect(input).not.toHaveAttribute('aria-activedescendant');
    const { violations } = await axe(page).include('.navbar').analyze();
    expect(violations.map((violation) => `${violation.id}: ${violation.nodes.length}`)).toEqual([]);
  });

  test("Slack's rate limit is stated once, the same way, on its contract and its incident", async ({
    sitePage: page,
  }) => {
    for (const route of ['/contracts/slack', '/incidents/slack-429']) {
      await visit(page, route);
      await expect(page.locator('article')).toContainText('about 20 messages a minute');
      await expect(page.locator('article')).not.toContainText(/per second/);
    }
  });
});

test.describe('layout', () => {
  test("the overview's features column takes the width the counts leave, and no cell spills", async ({
    sitePage: page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await visit(page, '/policies');
    const table = page.locator('.policy-domains table');
    const widths = await table.evaluate((element: { offsetWidth: number; querySelector(s: string): unknown }) => {
      const cell = element.querySelector('tbody tr td:last-child') as { offsetWidth: number };
      return { table: element.offsetWidth, features: cell.offsetWidth };
    });
    expect(widths.features / widths.table).toBeGreaterThan(0.4);
    const cells = await table.evaluate((element: { querySelectorAll(s: string): Iterable<unknown> }) =>
      [...element.querySelectorAll('th, td')].map((cell) => {
        const { innerText, scrollWidth, clientWidth } = cell as {
          innerText: string;
          scrollWidth: number;
          clientWidth: number;
        };
        return { text: innerText, spill: Math.max(0, scrollWidth - clientWidth) };
      }),
    );
    expect(cells.length).toBeGreaterThan(0);
    for (const { text, spill } of cells) expect(spill, text).toBeLessThanOrEqual(1);
  });

  test('a passing scenario is folded, a failing one open, and every status is a badge in words', async ({
    sitePage: page,
  }) => {
    await visit(page, '/example-run/shop/every-status');
    await expect(page.locator('details.policy-scenario[data-status="passed"]').first()).not.toHaveAttribute('open', '');
    await expect(page.locator('details.policy-scenario[data-status="failed"]').first()).toHaveAttribute('open', '');
    await expect(page.locator('.policy-status[data-status="failed"]').first()).toHaveText('failed');
    await visit(page, '/example-run/shop/rules-and-outlines');
    await expect(page.locator('main')).toContainText('Background: 2 steps, as shown above');
  });

  test('a step links to its step definition', async ({ sitePage: page }) => {
    await visit(page, '/policies/cart/the-vanished-cart');
    const details = page.locator('details.policy-scenario').first();
    await details.locator('summary').click();
    const link = details.locator('.policy-step-meta a').first();
    const [, line] = /#line-(\d+)$/.exec((await link.getAttribute('href')) ?? '') ?? [];
    await link.click();
    await expect(page).toHaveURL(/\/policies\/code\/steps-[\w-]+#line-\d+$/);
    await expect(page.locator(`[id="line-${line}"] + div pre`)).toBeVisible();
  });
});

/** How many diagrams a route's page draws, each once its fold is open: the mermaid blocks of its Markdown. */
function diagrams(route: string): number {
  const file = [`${CONTENT}${route}.md`, join(CONTENT, route, 'index.md')].find((path) => existsSync(path));
  return file ? (readFileSync(file, 'utf8').match(/^\s*```mermaid$/gm)?.length ?? 0) : 0;
}

// WCAG 2.1 AA on each kind of page: the page shown as a link does (`visit`), its folds opened and its diagrams drawn,
// then checked whole, in the configured viewport; largest pages first. Kinds that are generated pages are checked in
// their page's test below.
const AXE_KINDS: Record<string, string> = {
  'contract page': '/contracts/portone',
  'code page': '/policies/code/steps-cart-steps-ts',
  'step catalogue': '/policies/steps',
  overview: '/policies',
  'policy page': '/policies/refund/one-refund-per-order',
  'example run': '/example-run/shop/every-status',
  'API page': '/api/cart/cart.service',
  glossary: '/glossary',
  home: '/',
  incident: '/incidents/slack-429',
};
const axeOrder = (route: string): number => {
  const index = Object.values(AXE_KINDS).indexOf(route);
  return index === -1 ? Number.MAX_SAFE_INTEGER : index;
};
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe over the page shown, its folds open: every diagram drawn first, then no WCAG 2.1 AA violation. */
async function expectAccessible(page: Page, route: string): Promise<void> {
  await expect(page.locator('.docusaurus-mermaid-container svg'), 'every diagram drawn').toHaveCount(diagrams(route));
  const { violations } = await axe(page).withTags(AXE_TAGS).analyze();
  expect(
    violations.map(
      (v) =>
        `${v.id}: ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    ),
  ).toEqual([]);
}

// Every generated page is shown once at 1280 px with all its folds open, in a test of its own (so the browser workers
// share the pages), and holds all that is checked page by page: nothing overflows its content column or the window;
// a policy page of a domain with services links to their API pages; a refund or payment policy page whose scenarios
// call a vendor shows a sequence diagram of those calls; an example-run page says it is a fixture; a page that is
// the example of its kind in AXE_KINDS passes axe. One page of the browser goes from route to route as a link does
// (`visit`), rather than loading and hydrating the whole site again for each; each route's own HTML is fetched and
// must hold the heading shown, so a page missing or broken in the build fails though the app could still render it.
const SERVICE_DOMAINS = /^\/policies\/(alerts|payment|refund|search|cart|catalog)\//;
/** The routes of a domain's policy pages whose scenarios call a vendor. */
function callingVendors(domain: string): string[] {
  const pages = scenarios('policies')
    .filter((s) => s.page.startsWith(`${domain}/`) && s.calls.length > 0)
    .map((s) => `/policies/${s.page.replace(/\.md$/, '')}`);
  return [...new Set(pages)];
}
const policyPages = routes('policies');
// The pages axe checks first, largest first (as AXE_KINDS lists them), so that the workers end together on small ones.
const generatedPages = [...policyPages, ...routes('contracts'), ...routes('example-run')].sort(
  (a, b) => axeOrder(a) - axeOrder(b),
);
test.describe('every generated page', () => {
  const [refunds, payments] = [callingVendors('refund'), callingVendors('payment')];
  const vendorDiagrams = new Set([...refunds, ...payments]);
  const axeKindOf = new Map(Object.entries(AXE_KINDS).map(([kind, route]) => [route, kind]));

  test('the pages checked: policy pages of domains with services, refund and payment pages calling a vendor, example-run pages', () => {
    expect(policyPages.filter((route) => SERVICE_DOMAINS.test(route)).length).toBeGreaterThan(0);
    expect(refunds.length, 'refund pages calling a vendor').toBeGreaterThan(0);
    expect(payments.length, 'payment pages calling a vendor').toBeGreaterThan(0);
    expect(policyPages, 'every page calling a vendor is a generated page').toEqual(
      expect.arrayContaining([...vendorDiagrams]),
    );
    expect(generatedPages.filter((route) => route.startsWith('/example-run')).length).toBeGreaterThan(0);
  });

  for (const route of generatedPages) {
    const kind = axeKindOf.get(route);
    const also = [
      SERVICE_DOMAINS.test(route) && 'links to its services',
      vendorDiagrams.has(route) && 'shows a diagram of its vendor calls',
      route.startsWith('/example-run') && 'says it is a fixture',
      kind && `has no axe violation (${kind})`,
    ].filter(Boolean);
    test(`${route}: nothing overflows at 1280 px${also.length > 0 ? `, ${also.join(', ')}` : ''}`, async ({
      sitePage: page,
    }) => {
      // Fetched while the page is shown and its folds open.
      const served = page.request.get(route);
      const wide = { width: 1280, height: 900 };
      if (!kind) await page.setViewportSize(wide);
      await visit(page, route);
      await openAll(page);
      if (kind) {
        await expectAccessible(page, route);
        await page.setViewportSize(wide);
      }
      if (vendorDiagrams.has(route)) {
        const diagram = page.locator('details.policy-scenario .docusaurus-mermaid-container svg').first();
        await expect(diagram, `${route} shows its vendor calls`).toBeVisible();
        await expect(diagram).toContainText('Platform');
      }
      const response = await served;
      expect(response.status(), `${route} is served`).toBe(200);
      // The document up to the end of the first heading after the column's start, which parsed holds that heading
      // as the whole document does: the rest (most of a big page) need not be sent to the page and parsed.
      const html = await response.text();
      const upToHeading = html.slice(0, html.indexOf('</h1>', html.indexOf('theme-doc-markdown')) + '</h1>'.length);
      const shown = await page.evaluate<{
        served?: string;
        heading?: string;
        column: number;
        window: number;
        serviceLink?: string | null;
        admonition?: string;
      }>(`(() => {
        const column = document.querySelector('.theme-doc-markdown');
        const serviceLinks = [...document.querySelectorAll('article p')]
          .filter((p) => p.textContent.includes('Service code:'))
          .flatMap((p) => [...p.querySelectorAll('a')]);
        return {
          served: new DOMParser().parseFromString(${JSON.stringify(upToHeading)}, 'text/html').querySelector('.theme-doc-markdown h1')?.textContent,
          heading: column.querySelector('h1')?.textContent,
          column: column.scrollWidth - column.clientWidth,
          window: document.documentElement.scrollWidth - window.innerWidth,
          serviceLink: serviceLinks[0]?.getAttribute('href'),
          admonition: document.querySelector('.theme-admonition')?.textContent,
        };
      })()`);
      expect(shown.served, `${route}'s HTML holds the heading the page shows`).toBe(shown.heading);
      expect(shown.column, `${route} overflows its column`).toBeLessThanOrEqual(1);
      expect(shown.window, `${route} overflows the window`).toBeLessThanOrEqual(0);
      if (SERVICE_DOMAINS.test(route)) expect(shown.serviceLink, `${route} links to its services`).toMatch(/^\/api\//);
      if (route.startsWith('/example-run')) {
        expect(shown.admonition, `${route} says it is a fixture`).toContain('not a run of our policies');
      }
    });
  }
});

// The kinds of page that are not generated pages.
test.describe('accessibility (WCAG 2.1 AA)', () => {
  for (const [kind, route] of Object.entries(AXE_KINDS).filter(([, route]) => !generatedPages.includes(route))) {
    test(`${kind} (${route}) has no axe violation`, async ({ sitePage: page }) => {
      await visit(page, route);
      await openAll(page);
      await expectAccessible(page, route);
    });
  }
});
