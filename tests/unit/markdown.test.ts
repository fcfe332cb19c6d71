import { describe, expect, it } from 'vitest';
import {
  MAX_MARKDOWN_DEPTH,
  TOO_DEEP_MESSAGE,
  markdownNestingProblem,
  plainTextHtml,
  shortenExcerpt,
} from '#app/domain/markdown/markdown';
import { renderMarkdown } from '#app/domain/markdown/render.server';

// The render runs in a worker thread, so every call is asynchronous.
const render = async (source: string) => (await renderMarkdown(source)).html;
const excerpt = async (source: string) => (await renderMarkdown(source)).excerpt;

const ALLOWED_TAGS = new Set([
  'p',
  'br',
  'strong',
  'em',
  'del',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'h2',
  'h3',
  'h4',
  'hr',
  'a',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
]);
const ALLOWED_ATTRIBUTES = new Set(['href', 'title', 'rel', 'align']);

/** Every real tag in the output is harmless: allowed name, allowed attributes, safe link schemes. */
function expectInert(html: string) {
  for (const [tag, name, attributes] of html.matchAll(
    /<\/?([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"]|"[^"]*")*)>/g,
  )) {
    expect(ALLOWED_TAGS, `tag ${tag} in ${html}`).toContain(name!.toLowerCase());
    // Attribute names only: quoted values are removed first, since their text is inert.
    const names = attributes!.replace(/"[^"]*"/g, '').match(/[^\s=/]+(?=\s*=|\s|$)/g) ?? [];
    for (const attribute of names)
      expect(ALLOWED_ATTRIBUTES, `attribute ${attribute} in ${tag}`).toContain(
        attribute.toLowerCase(),
      );
    for (const [, href] of attributes!.matchAll(/href="([^"]*)"/g))
      expect(href, tag).toMatch(/^(https?:|mailto:|[^:]*$)/i);
  }
  expect(html).not.toMatch(
    /<(script|iframe|style|img|svg|object|embed|form|input|link|meta|details|math)\b/i,
  );
}

describe('renderMarkdown', () => {
  it('renders ordinary Markdown: headings below h1, emphasis, lists, quotes, code and tables', async () => {
    const html = await render(
      '# Title\n\n**bold** _em_ ~~gone~~ `code`\n\n- a\n- b\n\n1. one\n\n> quote\n\n| a | b |\n|:-|-:|\n| 1 | 2 |',
    );
    expect(html).toContain('<h2>Title</h2>');
    expect(html).not.toContain('<h1');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>em</em>');
    expect(html).toContain('<del>gone</del>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<li>a</li>');
    expect(html).toContain('<ol>');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<th align="left">a</th>');
    expect(html).toContain('<td align="right">2</td>');
    expectInert(html);
  });

  it('turns single line breaks into <br>', async () => {
    expect(await render('one\ntwo')).toContain('one<br />two');
  });

  it('keeps http(s) and mailto links and marks them nofollow ugc', async () => {
    const html = await render(
      '[site](https://example.com "Example") and [mail](mailto:a@example.com) and https://auto.example',
    );
    expect(html).toContain('href="https://example.com"');
    expect(html).toContain('title="Example"');
    expect(html).toContain('href="mailto:a@example.com"');
    expect(html).toContain('href="https://auto.example"');
    expect(html.match(/rel="nofollow ugc noopener noreferrer"/g)).toHaveLength(3);
    expectInert(html);
  });

  it('replaces a rel chosen by the author with nofollow ugc', async () => {
    const html = await render('<a href="https://example.com" rel="dofollow">x</a>');
    expect(html).toContain('rel="nofollow ugc noopener noreferrer"');
    expect(html).not.toContain('dofollow');
  });

  it('shows a <script> tag as text and never as a script', async () => {
    const html = await render('Hello <script>alert(1)</script> world');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expectInert(html);
    expectInert(await render('<script>alert(1)</script>'));
    expectInert(await render('<scr<script>ipt>alert(1)</script>'));
    expectInert(await render('<<script>script>alert(1)<</script>/script>'));
  });

  it('drops event-handler attributes such as onerror and onclick', async () => {
    for (const source of [
      '<img src=x onerror=alert(1)>',
      '<p onclick="alert(1)">hi</p>',
      '<svg onload=alert(1)>',
      '<details open ontoggle=alert(1)>',
      '<a href="https://ok.example" onclick="x" onmouseover="y">ok</a>',
      '<b onmouseover=alert(1)>x</b>',
    ]) {
      const html = await render(source);
      expectInert(html);
    }
  });

  it('removes javascript:, data: and vbscript: links, however they are spelt', async () => {
    for (const source of [
      '[click](javascript:alert(1))',
      '[click](JaVaScRiPt:alert(1))',
      '[click](jav&#x61;script:alert(1))',
      '[click](&#106;avascript:alert(1))',
      '[click]( javascript:alert(1))',
      '<a href="javascript:alert(1)">x</a>',
      '<a href=" javascript:alert(1)">x</a>',
      '<javascript:alert(1)>',
      '[x](data:text/html;base64,PHNjcmlwdD4=)',
      '[x](vbscript:msgbox(1))',
      '[x]: javascript:alert(1)\n\n[ref][x]',
    ]) {
      const html = await render(source);
      expect(html, source).not.toMatch(/href="[^"]*(javascript|data|vbscript):/i);
      expectInert(html);
    }
  });

  it('shows iframes, objects, forms and style blocks as text', async () => {
    for (const source of [
      '<iframe src="https://evil.example"></iframe>',
      '<style>body{display:none}</style>',
      '<object data="x"></object><embed src="x">',
      '<form action="https://evil"><input name=x></form>',
      '<link rel="stylesheet" href="https://evil.example/x.css">',
      '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    ]) {
      const html = await render(source);
      expect(html, source).toMatch(/&lt;(iframe|style|object|form|link|meta)/);
      expectInert(html);
    }
  });

  it('strips style attributes from allowed tags', async () => {
    const html = await render('<p style="position:fixed;top:0">x</p>');
    expect(html).toBe('<p>x</p>');
  });

  it('does not render images (no remote requests from user content)', async () => {
    expectInert(await render('![tracker](https://evil.example/pixel.png)'));
  });

  it('escapes quotes in link titles so they cannot open new attributes', async () => {
    const html = await render('[ok](https://example.com "t\\" onmouseover=\\"x")');
    expect(html).toContain('title="t&quot; onmouseover=&quot;x"');
    expectInert(html);
  });

  it('keeps HTML inside code blocks as visible text', async () => {
    const html = await render('```html\n<script>alert(1)</script>\n```');
    expect(html).toContain('<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;');
    expectInert(html);
  });
});

describe('the excerpt', () => {
  it('gives plain text without markup', async () => {
    expect(await excerpt('# Hello\n\n**big** _world_\n\n- one\n- two')).toBe(
      'Hello big world one two',
    );
  });

  it('drops scripts and their content', async () => {
    expect(await excerpt('Hi <script>alert(1)</script> there')).toBe('Hi there');
  });

  it('returns real characters, not HTML entities, since the page escapes text itself', async () => {
    expect(await excerpt('Fish & chips < 5 > 3 "quoted" it\'s')).toBe(
      'Fish & chips < 5 > 3 "quoted" it\'s',
    );
  });

  it('cuts long text to the maximum on a word boundary with an ellipsis', () => {
    const text = shortenExcerpt('word '.repeat(100), 40);
    expect(text.length).toBeLessThanOrEqual(40);
    expect(text.endsWith('…')).toBe(true);
    expect(text).toMatch(/word…$/);
    expect(shortenExcerpt('short', 40)).toBe('short');
  });
});

describe('markdownNestingProblem', () => {
  it('refuses the reported bombs with a message that says what to do', () => {
    for (const bomb of [
      '>'.repeat(2000) + 'a',
      '1. '.repeat(1187),
      '> - '.repeat(750),
      '*'.repeat(2188) + 'a' + '*'.repeat(2188),
      '*_'.repeat(1000) + 'a' + '_*'.repeat(1000),
    ])
      expect(markdownNestingProblem(bomb), bomb.slice(0, 20)).toBe(TOO_DEEP_MESSAGE);
    expect(TOO_DEEP_MESSAGE).toMatch(/\(at most 20 levels\)\. Please simplify it\.$/);
  });

  it(`allows ${MAX_MARKDOWN_DEPTH} levels of quotes and lists, not one more`, () => {
    expect(markdownNestingProblem('> '.repeat(MAX_MARKDOWN_DEPTH) + 'deep')).toBeNull();
    expect(markdownNestingProblem('> '.repeat(MAX_MARKDOWN_DEPTH + 1) + 'deep')).toBe(
      TOO_DEEP_MESSAGE,
    );
    expect(markdownNestingProblem('- '.repeat(MAX_MARKDOWN_DEPTH) + 'deep')).toBeNull();
    expect(markdownNestingProblem('1) '.repeat(MAX_MARKDOWN_DEPTH + 1) + 'deep')).toBe(
      TOO_DEEP_MESSAGE,
    );
  });

  it('counts lists nested by indentation, one marker per line', () => {
    const nested = (levels: number) =>
      Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n');
    expect(markdownNestingProblem(nested(10))).toBeNull();
    expect(markdownNestingProblem(nested(30))).toBe(TOO_DEEP_MESSAGE);
  });

  it('accepts ordinary writing: emphasis, rules, blanks to fill in and code', () => {
    for (const text of [
      '***bold italic*** and __strong__ and ~~gone~~',
      '* * * * * * * * * * * * * * * * * * * * * * * * * * * * * *',
      '_'.repeat(60),
      `Name: ${'_'.repeat(30)}  Date: ${'_'.repeat(12)}`,
      '```\n' + '>'.repeat(200) + '\n' + '1. '.repeat(50) + '\n```\n\nAfter the code.',
      '~~~md\n' + '*'.repeat(300) + '\n~~~',
    ])
      expect(markdownNestingProblem(text), text.slice(0, 30)).toBeNull();
  });

  it('checks what follows a fence that is really indented code, or a fence left open by another kind', () => {
    expect(markdownNestingProblem('    ```\n' + '>'.repeat(100) + 'a')).toBe(TOO_DEEP_MESSAGE);
    expect(markdownNestingProblem('```\ncode\n~~~\n' + '>'.repeat(100))).toBeNull();
    expect(markdownNestingProblem('```\ncode\n```\n' + '>'.repeat(100))).toBe(TOO_DEEP_MESSAGE);
  });
});

describe('plainTextHtml', () => {
  it('escapes everything and keeps paragraphs and line breaks', () => {
    expect(plainTextHtml('<b>hi</b> & "you"\nnext line\n\n\n  second <script>x</script>  ')).toBe(
      '<p>&lt;b&gt;hi&lt;/b&gt; &amp; &quot;you&quot;<br />next line</p>\n<p>second &lt;script&gt;x&lt;/script&gt;</p>',
    );
    expect(plainTextHtml('   ')).toBe('');
  });
});
