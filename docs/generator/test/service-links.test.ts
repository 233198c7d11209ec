// service-links.ts: every domain with policies links to all of its *.service.ts, and a domain without one is named.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { generate } from '../generate.ts';
import { serviceLinks } from '../service-links.ts';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const linksOf = (root: string, domain: string) => serviceLinks({ apiBase: '/api' }, root, domain).map((l) => l.link);

describe("the book's policy pages", () => {
  const domains = readdirSync(join(projectRoot, 'features'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);

  it('link every domain that has policies to service code, and only to service modules that exist', () => {
    assert.ok(domains.length > 0);
    for (const domain of domains) {
      const links = linksOf(projectRoot, domain);
      assert.ok(links.length > 0, `features/${domain}/ has policies but src/${domain}/ holds no *.service.ts`);
      for (const link of links) {
        assert.match(link, new RegExp(`^/api/${domain}/([\\w-]+/)*[\\w-]+\\.service$`));
        assert.ok(existsSync(join(projectRoot, 'src', `${link.slice('/api/'.length)}.ts`)), link);
      }
    }
  });

  it('link a domain to each of its services, those in subfolders too', () => {
    assert.deepEqual(linksOf(projectRoot, 'payment'), [
      '/api/payment/order.service',
      '/api/payment/payment-cancellation.service',
      '/api/payment/payment-verification.service',
    ]);
    assert.deepEqual(linksOf(projectRoot, 'catalog'), [
      '/api/catalog/catalog.service',
      '/api/catalog/import/import.service',
    ]);
    assert.deepEqual(linksOf(projectRoot, 'alerts'), ['/api/alerts/alerts.service']);
  });
  // That each link reaches a page TypeDoc wrote is proven by the site build itself: it refuses a broken link
  // (onBrokenLinks: 'throw' in docs/docusaurus.config.ts).
});

describe('a generated book', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'martbook-service-links-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(tmp, path)), { recursive: true });
    writeFileSync(join(tmp, path), text);
  };
  write('features/catalog/sheets.feature', 'Feature: Sheets\n  Scenario: One\n    Given nothing\n');
  write('features/shop/opening.feature', 'Feature: Opening\n  Scenario: One\n    Given nothing\n');
  write('src/catalog/catalog.service.ts', 'export const a = 1;\n');
  write('src/catalog/catalog.routes.ts', 'export const b = 1;\n');
  write('src/catalog/import/import.service.ts', 'export const c = 1;\n');
  write('src/shop/shop.routes.ts', 'export const d = 1;\n');
  const outDir = join(tmp, 'out');
  const result = generate({
    messagesPath: join(tmp, 'no-run.ndjson'),
    outDir,
    root: tmp,
    featureGlobs: ['features/**/*.feature'],
    apiBase: '/api',
  });

  it("links a page to its domain's services, not to its other modules", () => {
    const page = readFileSync(join(outDir, 'catalog/sheets.md'), 'utf8');
    assert.match(page, /Service code: \[\/api\/catalog\/catalog\\.service\]\(<\/api\/catalog\/catalog\.service>\)/);
    assert.match(page, /\[import\/import\\.service\]\(<\/api\/catalog\/import\/import\.service>\)/);
    assert.doesNotMatch(page, /catalog\.routes/);
  });

  it('names a domain whose policies have no service to link to', () => {
    assert.deepEqual(result.unlinkedDomains, ['shop']);
    assert.doesNotMatch(readFileSync(join(outDir, 'shop/opening.md'), 'utf8'), /Service code/);
  });
});
