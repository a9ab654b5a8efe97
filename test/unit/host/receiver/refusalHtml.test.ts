import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { ReceiptRecord } from '../../../../src/core/receiver/receiptRecord';
import { diagnoseSignature } from '../../../../src/core/signing/signatureDoctor';
import { renderRefusal } from '../../../../src/host/receiver/refusalHtml';
import { assertStrictPage, OUTSIDE } from '../webviewPage';

const NONCE = 'bm9uY2Utb2YtdGhlLXRlc3Q';
const SECRET = 'refusal-page-secret';

function refusedReceipt(headers: Record<string, string>, body: Buffer): ReceiptRecord {
  const diagnosis = diagnoseSignature({ scheme: 'makini', secrets: [SECRET], headers, body });
  return {
    id: 'rcpt_test',
    time: '2026-01-01T00:00:00.000Z',
    method: 'POST',
    path: '/webhooks',
    headers,
    body: body.toString(),
    bodyBytes: body.length,
    bodyTruncated: false,
    verified: false,
    reason: 'missing_header',
    message: OUTSIDE,
    eventType: OUTSIDE,
    duplicate: false,
    schemaErrors: [],
    status: 401,
    durationMs: 1,
    diagnosis,
    verdict: { outcome: 'rejected', actionable: false, reason: 'missing_header' },
  };
}

suite('host/receiver/refusalHtml', () => {
  test('the steps, the fix and an Apply fix button, every outside string escaped, under a strict CSP', () => {
    const body = Buffer.from(JSON.stringify({ event: OUTSIDE, body: [OUTSIDE] }));
    const signature = createHmac('sha256', SECRET).update(body).digest('hex');
    const html = renderRefusal(
      refusedReceipt({ 'x-hub-signature': signature }, body),
      NONCE,
      'vscode-resource:',
    );
    assertStrictPage(html, NONCE);
    assert.ok(html.includes('<button id="apply">Apply fix</button>'));
    assert.ok(html.includes('Set makini.webhooks.signatureHeader to x-hub-signature'));
    assert.ok(html.includes(signature), 'the HMAC that matched');
    assert.ok(html.includes('✓ x-hub-signature (hex)'));
    assert.ok(html.includes('secret 1 of 1, as UTF-8'));
    assert.ok(!html.includes(SECRET), 'never the secret');
  });

  test('a wrong secret shows the received and the expected signature, and opens Set Webhook Signing Secret', () => {
    const body = Buffer.from('{"event":"assets.updated","body":["a"]}');
    const received = createHmac('sha256', 'another').update(body).digest('base64');
    const html = renderRefusal(
      refusedReceipt({ 'x-webhook-signature': received }, body),
      NONCE,
      'vscode-resource:',
    );
    assertStrictPage(html, NONCE);
    assert.ok(html.includes('No variant matched'));
    assert.ok(html.includes(received));
    assert.ok(html.includes(createHmac('sha256', SECRET).update(body).digest('base64')), 'the expected HMAC');
    assert.ok(html.includes('<button id="apply">Set Webhook Signing Secret…</button>'));
  });
});
