import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { renderContractPages, type ScenarioUse } from '../mocks/contract-pages.ts';

/** The page with fenced blocks and inline code removed: what Docusaurus parses as prose and raw HTML. */
const proseOf = (page: string): string =>
  page
    .replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '')
    .replace(/(`+)[^`]*?\1/g, '')
    .replace(/ \{#[\w-]+\}$/gm, '');

describe('the contract pages', async () => {
  const outDir = await mkdtemp(join(tmpdir(), 'contract-pages-'));
  after(() => rm(outDir, { recursive: true, force: true }));
  const use = (status: string): ScenarioUse => ({
    vendor: 'portone',
    operation: 'POST /payments/cancel',
    status,
    scenario: {
      title: 'A partial refund cancels <only> the refunded items & {nothing} else',
      link: '../policies/refund/partial.md#scenario-partial',
    },
    rule: { title: 'Refunds › Only <what> was refunded', link: '../policies/refund/partial.md#rule-only' },
  });
  const files = await renderContractPages(outDir, [use('200'), use('200')]);
  const portone = await readFile(join(outDir, 'portone.md'), 'utf8');

  it('writes one page per vendor', () => {
    assert.deepEqual(
      files.map((file) => basename(file)),
      ['portone.md', 'ai-search.md', 'object-storage.md', 'slack.md'],
    );
  });

  it('links the scenarios that exercise an operation, escaped, once each', () => {
    const line =
      '- [A partial refund cancels &lt;only&gt; the refunded items &amp; &#123;nothing&#125; else](../policies/refund/partial.md#scenario-partial)';
    assert.equal(portone.split(line).length - 1, 1);
    assert.match(portone, /^### `POST \/payments\/cancel` \{#op-cancelpayment\}$/m);
  });

  it('shows Rules × operations with the status codes seen, linked both ways', () => {
    const matrix = portone.slice(portone.indexOf('## Rules that call this vendor'));
    assert.match(matrix, /\| Rule \| \[`POST \/users\/getToken`\]\(#op-/);
    assert.match(
      matrix,
      /\| \[Refunds › Only &lt;what&gt; was refunded\]\(\.\.\/policies\/refund\/partial\.md#rule-only\) \|[^\n]*`200`/,
    );
  });

  it("shows PortOne's refusals as PortOne sends them (200 with a code), and counts them as its documented refusal", async () => {
    const refusalsDir = join(outDir, 'refusals');
    await renderContractPages(refusalsDir, [use('200'), { ...use('200'), code: '1' }]);
    const page = await readFile(join(refusalsDir, 'portone.md'), 'utf8');
    const matrix = page.slice(page.indexOf('## Rules that call this vendor'), page.indexOf('### '));
    assert.match(matrix, /\| `200` `200 code 1` \|/);
    const unseen = (markdown: string) => markdown.slice(markdown.indexOf('## Documented answers no scenario sees'));
    assert.match(unseen(page), /- \[`POST \/payments\/cancel`\]\(#op-cancelpayment\): `401`$/m);
    assert.match(
      unseen(portone),
      /- \[`POST \/payments\/cancel`\]\(#op-cancelpayment\): `200` with a non-zero `code` \(a refusal\), `401`$/m,
    );
  });

  it('lists the operations no scenario exercises, and the fault modes', () => {
    const unexercised = portone.slice(
      portone.indexOf('## Operations no scenario exercises'),
      portone.indexOf('## Documented answers'),
    );
    assert.match(unexercised, /`GET \/payments\/\{imp_uid\}`/);
    assert.doesNotMatch(unexercised, /POST \/payments\/cancel/);
    assert.match(portone, /\| `cancelRefusedByChecksum` \| Someone else cancelled part of the payment first/);
  });

  it('shows schemas and examples in fenced blocks', () => {
    assert.match(portone, /```json\n\{\n {2}"allOf": \[/);
    assert.match(portone, /"access_token": "string"/);
  });

  it('leaves no raw <, { or } in prose on any page (vendor HTML dropped or escaped)', async () => {
    for (const file of files) {
      const stray = proseOf(await readFile(file, 'utf8')).match(/.*[<{}].*/);
      assert.equal(stray, null, `${basename(file)}: ${stray?.[0]}`);
    }
  });
});
