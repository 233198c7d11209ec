// The site's front matter hook (docs/meta-description.ts): a page without a description gets Docusaurus' own
// excerpt without Markdown escapes, as TypeDoc's API pages need; a stated description is kept as written.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_PARSE_FRONT_MATTER } from '@docusaurus/utils';
import { parseFrontMatter, plainExcerpt } from '../../meta-description.ts';

const parse = (fileContent: string) =>
  parseFrontMatter({ filePath: 'x.md', fileContent, defaultParseFrontMatter: DEFAULT_PARSE_FRONT_MATTER });

describe('the meta description of a page', () => {
  it("drops TypeDoc's escapes from the first line of prose", async () => {
    const page =
      '# Type Alias: ProductId\n\n> **ProductId** = [`Brand`](../Brand.md)\\<`string`, `"ProductId"`\\>\n\nA product\\_id.\n';
    assert.equal((await parse(page)).frontMatter.description, 'ProductId = Brand<string, "ProductId">');
  });

  it("takes a module's first comment, not its group headings", async () => {
    const page = '# refund/refund.store\n\n## Classes\n\n### RefundStore {#api-refundstore}\n\nRefunds, in Postgres.\n';
    assert.equal((await parse(page)).frontMatter.description, 'Refunds, in Postgres.');
  });

  it('keeps a description the page states, backslashes and all', async () => {
    const page = '---\ndescription: "C:\\\\temp"\n---\n# T\n\nText \\<b\\>.\n';
    assert.equal((await parse(page)).frontMatter.description, 'C:\\temp');
  });

  it('reads escaped emphasis and entities as the characters they are', () => {
    assert.equal(
      plainExcerpt('A product\\_id and a *note* \\*not bold\\* &amp; a\\b.'),
      'A product_id and a note *not bold* & a\\b.',
    );
  });
});
