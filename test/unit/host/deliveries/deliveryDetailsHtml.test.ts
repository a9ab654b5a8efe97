import * as assert from 'node:assert/strict';
import { escapeHtml, renderDeliveryDetails } from '../../../../src/host/deliveries/deliveryDetailsHtml';
import { assertStrictPage, OUTSIDE } from '../webviewPage';
import { attemptFixture, deliveryFixture } from './deliveryFixture';

const NONCE = 'bm9uY2Utb2YtdGhlLXRlc3Q';

suite('host/deliveries/deliveryDetailsHtml', () => {
  test('escapeHtml leaves no character that starts or ends markup or an attribute', () => {
    assert.equal(escapeHtml(`<a href="x">'&`), '&#60;a href=&#34;x&#34;&#62;&#39;&#38;');
    assert.equal(escapeHtml('plain text · ✓'), 'plain text · ✓');
  });

  test('every outside string is escaped, under a strict CSP with the nonce', () => {
    const failed = attemptFixture(1, {
      response: {
        status: 502,
        statusText: OUTSIDE,
        headers: { [`x-${OUTSIDE}`]: OUTSIDE },
        body: OUTSIDE,
        bodyBytes: 40,
        truncated: true,
      },
    });
    const refused = attemptFixture(2, {
      response: undefined,
      error: { kind: 'refused', message: OUTSIDE },
      outcome: 'failed',
      stopReason: 'max_attempts',
      request: { ...failed.request, headers: { 'x-trace': OUTSIDE }, body: OUTSIDE },
    });
    const record = deliveryFixture([failed, refused], {
      eventType: OUTSIDE,
      url: `http://127.0.0.1/${OUTSIDE}`,
      eventId: OUTSIDE,
      status: 'failed',
    });
    const html = renderDeliveryDetails(record, NONCE, 'vscode-resource:');
    assertStrictPage(html, NONCE);
    assert.ok(html.includes('&#60;img src=x onerror=&#34;alert(1)&#34;&#62;&#39;&#38;'));
    assert.match(html, /… \(cut\)/);
    assert.match(html, /Gave up: that was the last attempt allowed \(makini\.delivery\.maxAttempts\)\./);
    assert.match(html, /Retried after /, 'a past attempt says when it was retried');
    assert.doesNotMatch(html, /Next retry in/, 'a past attempt has no next retry');
    assert.match(html, /<time datetime="[^"]+" title="[^"]+">[^<]+ ago<\/time>/);
    assert.match(html, /Attempts \(2, 1\.3 s\)/);
  });

  test('a body shows pretty when that is the same JSON, else exactly as sent', () => {
    const page = (body: string): string =>
      renderDeliveryDetails(
        deliveryFixture([attemptFixture(1, { request: { ...attemptFixture(1).request, body } })]),
        NONCE,
        'vscode-resource:',
      );
    assert.ok(
      page('{"id":"evt_1","n":1}').includes('{\n  &#34;id&#34;: &#34;evt_1&#34;,\n  &#34;n&#34;: 1\n}'),
    );
    assert.ok(page('{"n":12345678901234567890}').includes('{&#34;n&#34;:12345678901234567890}'));
    assert.ok(page('{ "id": 1 }').includes('{ &#34;id&#34;: 1 }'), 'a layout of its own is kept');
    assert.ok(page('not json').includes('not json'));
  });

  test('a delivery with no attempt yet says so', () => {
    const html = renderDeliveryDetails(
      deliveryFixture([], { status: 'delivering' }),
      NONCE,
      'vscode-resource:',
    );
    assertStrictPage(html, NONCE);
    assert.match(html, /No attempt yet\./);
    assert.match(html, /Not sent yet\./);
  });

  test("the status badge takes the delivery's colour: failed and cancelled red, delivered green", () => {
    const page = (status: 'failed' | 'delivered' | 'delivering' | 'cancelled'): string =>
      renderDeliveryDetails(deliveryFixture([attemptFixture(1)], { status }), NONCE, 'vscode-resource:');
    for (const status of ['failed', 'delivered', 'delivering', 'cancelled'] as const)
      assert.match(page(status), new RegExp(`<span class="status ${status}" id="status">${status}</span>`));
    assert.match(
      page('failed'),
      /\.status\.failed, \.status\.cancelled \{ background: var\(--vscode-testing-iconFailed\)/,
    );
    assert.match(page('delivered'), /\.status\.delivered \{ background: var\(--vscode-testing-iconPassed\)/);
  });
});
