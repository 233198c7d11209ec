import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { renderContractPages, usageKey } from '../mocks/contract-pages.ts';

/** The page with fenced blocks and inline code removed: what Docusaurus parses as prose and raw HTML. */
const proseOf = (page: string): string => page.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '').replace(/(`+)[^`]*?\1/g, '');

describe('the contract pages', async () => {
  const outDir = await mkdtemp(join(tmpdir(), 'contract-pages-'));
  after(() => rm(outDir, { recursive: true, force: true }));
  const usage = new Map([[usageKey('portone', 'POST /payments/cancel'), ['A partial refund cancels <only> the refunded items & {nothing} else']]]);
  const files = await renderContractPages(outDir, usage);
  const portone = await readFile(join(outDir, 'portone.md'), 'utf8');

  it('writes one page per vendor', () => {
    assert.deepEqual(files.map((file) => basename(file)), ['portone.md', 'ai-search.md', 'object-storage.md', 'slack.md']);
  });

  it('names the scenarios that exercise an operation, escaped', () => {
    assert.match(portone, /- A partial refund cancels &lt;only&gt; the refunded items &amp; &#123;nothing&#125; else/);
  });

  it('lists the operations no scenario exercises, and the fault modes', () => {
    const unexercised = portone.slice(portone.indexOf('## Operations no scenario exercises'));
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
