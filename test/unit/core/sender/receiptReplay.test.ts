import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { receiptBodyBytes, type ReceiptRecord } from '../../../../src/core/receiver/receiptRecord';
import { toCurl } from '../../../../src/core/sender/curlCommand';
import {
  exactReceiptBody,
  receiptCurlRequest,
  ReceiptReplayError,
  receiptTargetUrl,
} from '../../../../src/core/sender/receiptReplay';
import { connect, readUntilClosed } from '../receiver/rawClient';
import { startReceiver, stopReceivers } from '../receiver/receiverFixture';
import { emptyDir, runInShell } from './shellRun';

/** An event whose bytes JSON.parse and JSON.stringify would not give back: a big integer, a byte that is not UTF-8. */
const EXACT_BODY = Buffer.concat([
  Buffer.from(
    '{"id":"evt_exact","type":"sync.completed","connection_id":"conn_1","n":12345678901234567890,"s":"',
  ),
  Buffer.from([0xff, 0xc3]),
  Buffer.from('"}'),
]);

function receiptFixture(overrides: Partial<ReceiptRecord> = {}): ReceiptRecord {
  return {
    id: 'rcpt_fixture',
    time: '2024-05-01T10:00:00.000Z',
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/json' },
    body: '{}',
    bodyBytes: 2,
    bodyTruncated: false,
    verified: false,
    duplicate: false,
    schemaErrors: [],
    status: 200,
    durationMs: 1,
    verdict: { outcome: 'accepted_unverified', actionable: true, reason: 'no_secret' },
    ...overrides,
  };
}

suite('sender/receiptReplay', () => {
  let dir: string;
  setup(() => {
    dir = emptyDir('makini-receipt-curl-');
  });
  teardown(async () => {
    await stopReceivers();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('an absolute-form target is sent to the receiver, never to the host it names; the bytes stay exact', async () => {
    const receiving = await startReceiver();
    const socket = await connect(receiving.url);
    const closed = readUntilClosed(socket);
    const next = receiving.nextReceipt();
    // The Host header names the receiver (a request naming another host is refused 421, unrecorded);
    // the request target alone names the other host.
    socket.write(
      `POST http://169.254.169.254/latest HTTP/1.1\r\nhost: ${new URL(receiving.url).host}\r\ncontent-type: application/json\r\ncontent-length: ${EXACT_BODY.length}\r\nconnection: close\r\n\r\n`,
    );
    socket.end(EXACT_BODY);
    const recorded = await next;
    await closed;
    assert.equal(recorded.path, 'http://169.254.169.254/latest', 'the receiver records the target as sent');

    const command = toCurl({ request: receiptCurlRequest(recorded, receiving.url) });
    assert.ok(!command.includes('169.254'), command);
    const again = receiving.nextReceipt();
    const result = await runInShell('bash', command, dir);
    assert.equal(result.code, 0, result.stderr);
    const repeated = await again;
    assert.equal(repeated.path, '/latest');
    assert.equal(repeated.headers.host, new URL(receiving.url).host);
    assert.ok(receiptBodyBytes(repeated).equals(EXACT_BODY), 'the same bytes arrive again');
  });

  test('the URL is the receiver origin and the path; targets that are not a path are refused', () => {
    const receiver = 'http://127.0.0.1:4555/webhooks';
    assert.equal(receiptTargetUrl(receiver, '/hooks/a[1]'), 'http://127.0.0.1:4555/hooks/a[1]');
    assert.equal(receiptTargetUrl(receiver, 'http://169.254.169.254/latest'), 'http://127.0.0.1:4555/latest');
    assert.equal(
      receiptTargetUrl(receiver, 'HTTPS://evil.example:8443/a?b=1'),
      'http://127.0.0.1:4555/a?b=1',
    );
    // Resolved as a URL, `//host/x` would be another host; here it stays a path.
    assert.equal(receiptTargetUrl(receiver, '//evil.example/x'), 'http://127.0.0.1:4555//evil.example/x');
    assert.equal(receiptTargetUrl(receiver, '/a b/\u00e9#f'), 'http://127.0.0.1:4555/a%20b/%E9%23f');
    for (const target of ['*', 'evil.example:443', '', 'ftp://evil.example/x', '@/etc/passwd']) {
      assert.throws(
        () => receiptTargetUrl(receiver, target),
        (e: unknown) => ReceiptReplayError.is(e, 'not_origin_form') && e.message.includes(`'${target}'`),
        target,
      );
    }
    assert.throws(
      () => receiptTargetUrl('file:///etc', '/x'),
      (e: unknown) => ReceiptReplayError.is(e, 'bad_receiver_url'),
    );
  });

  test('a truncated receipt is refused instead of being sent cut', () => {
    const receipt = receiptFixture({ body: '{"a":', bodyBytes: 70_000, bodyTruncated: true });
    const refused = (e: unknown): boolean =>
      ReceiptReplayError.is(e, 'truncated') && /first 5 of its 70000 body bytes/.test(e.message);
    assert.throws(() => exactReceiptBody(receipt), refused);
    assert.throws(() => receiptCurlRequest(receipt, 'http://127.0.0.1:4555/'), refused);
  });

  test('a receipt of bytes that are not UTF-8 is rendered from bodyBase64, not from the lossy text', () => {
    const receipt = receiptFixture({
      body: EXACT_BODY.toString('utf8'),
      bodyBase64: EXACT_BODY.toString('base64'),
      bodyBytes: EXACT_BODY.length,
    });
    const request = receiptCurlRequest(receipt, 'http://127.0.0.1:4555/');
    assert.ok(Buffer.from(request.body).equals(EXACT_BODY));
    assert.match(toCurl({ request }), /"s":"\\377\\303"/);
  });
});
