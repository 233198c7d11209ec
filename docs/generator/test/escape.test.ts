// escape.ts: every injection string renders literally. The round trips parse the output with the Markdown
// parser Docusaurus itself uses (mdast-util-from-markdown + GFM, installed with @docusaurus/core).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { toString } from 'mdast-util-to-string';
import { gfm } from 'micromark-extension-gfm';
import type { Nodes, Root } from 'mdast';
import {
  codeBlock,
  firstParagraph,
  inlineText,
  markdownDescription,
  metaDescription,
  slugify,
  tableCell,
  titleText,
  yamlString,
} from '../escape.ts';

export const INJECTIONS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '{',
  '}',
  '{props.x}',
  '<Foo />',
  '`code` and ``` fences',
  "import x from 'y'",
  'export const z = 1;',
  '---',
  '# not a heading',
  '[link](javascript:alert(1))',
  '![img](javascript:alert(1))',
  '<javascript:alert(1)>',
  'a | b \\| c',
  '*bold* _it_ ~~strike~~ **x**',
  '&amp; &lt; &#60;',
  '1. not a list',
  '- not a list',
  '> not a quote',
  ':::danger not an admonition',
  'note:abc :name[x]{y}',
  'heading {#fake-id}',
  '\\ backslash \\',
  '  leading and trailing spaces  ',
  '장바구니 <b>정책</b>',
  'https://example.com www.example.com',
  '$x$ and ^sup^ and =mark=',
];

function parse(markdown: string): Root {
  return fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

function nodeTypes(node: Nodes): string[] {
  const children = 'children' in node ? node.children.flatMap((child) => nodeTypes(child)) : [];
  return [node.type, ...children];
}

function links(node: Nodes): string[] {
  const own = node.type === 'link' ? [node.url] : [];
  return [...own, ...('children' in node ? node.children.flatMap((child) => links(child)) : [])];
}

describe('inlineText', () => {
  for (const text of INJECTIONS) {
    it(`renders ${JSON.stringify(text)} as exactly that text and nothing else`, () => {
      const markdown = `- **Given** ${inlineText(text)}`;
      const tree = parse(markdown);
      const types = new Set(nodeTypes(tree));
      // GFM autolinks plain http(s)/www/e-mail text whatever its escapes; such links are harmless.
      const autolinks = links(tree).filter((url) => !/^(https?:\/\/|mailto:)/.test(url));
      assert.deepEqual(autolinks, []);
      for (const forbidden of [
        'html',
        'image',
        'heading',
        'code',
        'inlineCode',
        'emphasis',
        'delete',
        'table',
        'thematicBreak',
      ]) {
        assert.ok(!types.has(forbidden), `${forbidden} in ${markdown}`);
      }
      assert.equal(toString(tree), `Given ${text.replace(/^ +| +$/g, (spaces) => spaces)}`);
    });
  }

  it('keeps a heading id of ours the only one', () => {
    const tree = parse(`### ${inlineText('Scenario: x {#fake}')} {#real}`);
    assert.equal(toString(tree), 'Scenario: x {#fake} {#real}');
  });

  it('never outputs a raw <, > or newline', () => {
    const out = inlineText('<a>\n<b>');
    assert.ok(!/[<>\n]/.test(out));
  });
});

describe('tableCell', () => {
  it('keeps pipes and HTML inside one cell', () => {
    const row = `| ${tableCell('a | b')} | ${tableCell('<b>x</b>')} |`;
    const tree = parse(`| h1 | h2 |\n| --- | --- |\n${row}`);
    const table = tree.children[0];
    assert.equal(table?.type, 'table');
    const cells = table.type === 'table' ? (table.children[1]?.children ?? []) : [];
    assert.deepEqual(
      cells.map((cell) => toString(cell)),
      ['a | b', '<b>x</b>'],
    );
  });

  it('gives an empty cell a space', () => {
    assert.equal(tableCell(''), ' ');
  });
});

describe('codeBlock', () => {
  for (const text of ['plain', '```\ninside\n```', '````', 'a ``````` b', '<script>alert(1)</script>\n---\n# x']) {
    it(`keeps ${JSON.stringify(text)} verbatim inside one block`, () => {
      const tree = parse(`${codeBlock(text)}\n\nafter`);
      assert.equal(tree.children[0]?.type, 'code');
      assert.equal(tree.children[0]?.type === 'code' ? tree.children[0].value : '', text);
      assert.equal(tree.children[1]?.type, 'paragraph');
    });
  }

  it('sanitises the info string', () => {
    assert.match(codeBlock('x', 'js"><script>'), /^```jsscript\n/);
  });
});

describe('markdownDescription', () => {
  it('keeps Markdown formatting but shows HTML as text', () => {
    const out = markdownDescription('  Some **bold** and `<b>code</b>`\n  and <script>alert(1)</script> & more');
    const types = new Set(nodeTypes(parse(out)));
    assert.ok(types.has('strong') && types.has('inlineCode'));
    assert.ok(!types.has('html'));
    assert.match(toString(parse(out)), /<script>alert\(1\)<\/script> & more/);
    assert.match(toString(parse(out)), /<b>code<\/b>/);
  });

  it('neutralises script links, link definitions, headings, setext lines and directives', () => {
    const out = markdownDescription(
      '[a](javascript:alert(1))\n[ref]: javascript:alert(2)\n# title\ntext\n---\n:::danger\nx\n:::',
    );
    const types = new Set(nodeTypes(parse(out)));
    for (const forbidden of ['link', 'definition', 'heading', 'thematicBreak', 'html'])
      assert.ok(!types.has(forbidden), forbidden);
    assert.ok(!/(^|[^\\]):::/m.test(out));
  });

  it('closes a fence left open so the rest of the page survives', () => {
    const out = `${markdownDescription('```\nunclosed <b>')}\n\nafter`;
    const tree = parse(out);
    assert.equal(tree.children.at(-1)?.type, 'paragraph');
  });

  it('removes the indentation Gherkin keeps', () => {
    assert.equal(markdownDescription('    line one\n      line two'), 'line one\n  line two');
  });
});

describe('yamlString and slugify', () => {
  it('quotes front matter values as JSON strings', () => {
    assert.equal(yamlString('a: "b"\n---'), '"a: \\"b\\"\\n---"');
  });

  it('keeps </script> and <!-- from forming in titles', () => {
    const title = titleText('a </script><!-- <Foo />');
    assert.ok(!/<\/script|<!--|<Foo/i.test(title));
    assert.equal(title.replace(/\u2060/g, ''), 'a </script><!-- <Foo />');
  });

  it('makes ASCII slugs and stable hashes for other scripts', () => {
    assert.equal(slugify('Two hundred changes, at once!'), 'two-hundred-changes-at-once');
    assert.match(slugify('장바구니'), /^h[0-9a-z]+$/);
    assert.equal(slugify('장바구니'), slugify('장바구니'));
  });
});

describe('metaDescription', () => {
  it('keeps the words of Markdown prose and drops its syntax', () => {
    assert.equal(
      metaDescription('A `code` span, **bold**, _it_, a [link](https://x.y) and snake_case_names kept.'),
      'A code span, bold, it, a link and snake_case_names kept.',
    );
  });

  it('is one line, cut at a word past the limit', () => {
    assert.equal(metaDescription('one two\n  three four five', 14), 'one two three…');
  });

  it('takes the first paragraph of a Gherkin description', () => {
    assert.equal(firstParagraph('\n  First line\n  goes on.\n\n  Second paragraph.'), 'First line\n  goes on.');
  });
});
