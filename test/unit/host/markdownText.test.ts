import * as assert from 'node:assert/strict';
import { terminalSafe } from '../../../src/core/text/terminalSafe';
import { markdownCode, markdownText } from '../../../src/host/views/markdownText';

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/**
 * What CommonMark shows for `markdown` if it holds no syntax: every backslash-escaped punctuation
 * character stands for itself. Fails on punctuation that is not escaped, since that could be syntax.
 */
function shownText(markdown: string): string {
  let shown = '';
  for (let i = 0; i < markdown.length; i++) {
    const c = markdown[i] ?? '';
    if (c === '\\' && ASCII_PUNCTUATION.test(markdown[i + 1] ?? '')) {
      shown += markdown[++i];
      continue;
    }
    assert.ok(!ASCII_PUNCTUATION.test(c), `unescaped '${c}' at ${i} in ${markdown}`);
    shown += c;
  }
  return shown;
}

// Strings a payload, an id or an API answer could carry to change a tooltip.
const HOSTILE = [
  '[click me](https://evil.example/?t=1)',
  '![pixel](https://evil.example/p.png)',
  '<img src=x onerror=alert(1)>',
  'https://evil.example/a',
  'www.evil.example',
  'mail a@b.example',
  '**bold** _it_ `code` ~~gone~~',
  '&lt;script&gt; &#x3C;',
  '# heading\n\n- list\n> quote',
  '$(zap) \\[escaped\\]',
  '\u001b]0;title\u0007 \u009b31m',
  'plain text, évent é 漢字',
];

suite('host/markdownText', () => {
  test('markdownText shows exactly the text, with no syntax left and controls escaped', () => {
    for (const value of HOSTILE) {
      const markdown = markdownText(value);
      assert.ok(!/[\n\r]/.test(markdown), markdown);
      assert.equal(shownText(markdown), terminalSafe(value));
    }
  });

  test('markdownCode is one code span that holds the text exactly, whatever backticks it has', () => {
    for (const value of [...HOSTILE, 'a`b', '``x``', '`', ' `lead', 'trail` ', 'evt_1']) {
      const markdown = markdownCode(value);
      const fence = /^`+/.exec(markdown)?.[0] ?? '';
      assert.ok(markdown.endsWith(fence) && markdown.length > 2 * fence.length, markdown);
      let inner = markdown.slice(fence.length, markdown.length - fence.length);
      const runs = inner.match(/`+/g) ?? [];
      assert.ok(
        runs.every((run) => run.length !== fence.length),
        `no run inside closes the span: ${markdown}`,
      );
      assert.ok(!/[\n\r]/.test(inner), markdown);
      // CommonMark strips one space on each side when both are there.
      if (inner.startsWith(' ') && inner.endsWith(' ') && inner.trim() !== '') inner = inner.slice(1, -1);
      assert.equal(inner, terminalSafe(value));
    }
    assert.equal(markdownCode(''), '');
  });
});
