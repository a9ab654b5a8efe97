import * as assert from 'node:assert/strict';

/** Text from outside (an endpoint's answer, a payload, a URL) that would be markup if not escaped. */
export const OUTSIDE = `<img src=x onerror="alert(1)">'&`;

/**
 * What every webview page must hold: a CSP that allows only nonce'd scripts and styles, no inline
 * style or handler attributes, no remote resources, and no outside text left as markup.
 */
export function assertStrictPage(html: string, nonce: string): void {
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? '';
  assert.match(csp, /^default-src 'none';/);
  assert.match(csp, new RegExp(`script-src 'nonce-${nonce}';`));
  for (const tag of html.match(/<(script|style)\b[^>]*>/g) ?? [])
    assert.ok(tag.includes(`nonce="${nonce}"`), `${tag} has no nonce`);
  for (const tag of html.match(/<[A-Za-z][^>]*>/g) ?? []) {
    const names = tag.replace(/="[^"]*"/g, '='); // Attribute names only: values hold escaped text.
    assert.doesNotMatch(names, /\s(style|on\w+)=/i, `${tag}: an inline style or handler`);
    assert.doesNotMatch(names, /\s(src|href)=/i, `${tag}: a resource`);
  }
  assert.ok(!html.includes('<img'), 'outside text became markup');
  assert.ok(!html.includes(`"alert(1)"`), 'an outside quote was left as it was');
}
