import * as assert from 'node:assert/strict';
import { buildEvent } from '../../../../src/core/events/catalog';
import type { AttemptRecord } from '../../../../src/core/sender/deliveryRecord';
import { type DeliveryRequest, SenderError, WebhookSender } from '../../../../src/core/sender/webhookSender';
import { getScheme } from '../../../../src/core/signing/schemes';
import { SigningSecretError } from '../../../../src/core/signing/signatureScheme';
import { closedPort, TestEndpoint } from './testEndpoint';
import { detailedWebhook } from '../../../../src/core/events/envelope';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const standard = getScheme('standard');

suite('sender/webhookSender', () => {
  let sender: WebhookSender;
  let endpoint: TestEndpoint | undefined;
  setup(() => {
    sender = new WebhookSender();
  });
  teardown(async () => {
    await sender.dispose();
    await endpoint?.stop();
    endpoint = undefined;
  });

  function request(url: string, overrides: Partial<DeliveryRequest> = {}): DeliveryRequest {
    return {
      url,
      event: detailedWebhook(buildEvent('sync.completed', { seed: 1 })),
      scheme: standard,
      secrets: [SECRET],
      retry: { baseDelayMs: 5, jitter: 0 },
      ...overrides,
    };
  }

  test('a 2xx delivers once: signed, typed headers, a complete JSON record without the secret', async () => {
    endpoint = await TestEndpoint.start(() => ({
      status: 202,
      headers: { 'x-seen': 'yes' },
      body: 'thanks',
    }));
    const [delivery] = await sender.send(
      request(endpoint.url(), { headers: { 'X-Trace': 't1', Authorization: 'Bearer abc' } }),
    );
    assert.equal(delivery?.status, 'delivered');
    const [received] = endpoint.received;
    assert.ok(received);
    assert.equal(received.headers['content-type'], 'application/json');
    assert.match(received.headers['user-agent'] ?? '', /^makini-devtools\//);
    assert.equal(received.headers['x-trace'], 't1');
    assert.equal(received.headers.authorization, 'Bearer abc');
    const verified = standard.verify({ headers: received.headers, body: received.body, secrets: [SECRET] });
    assert.ok(verified.ok);
    const attempt = delivery.attempts[0];
    assert.equal(attempt?.response?.status, 202);
    assert.equal(attempt.response?.body, 'thanks');
    assert.equal(attempt.response?.headers['x-seen'], 'yes');
    assert.equal(attempt.outcome, 'delivered');
    const json = JSON.stringify(delivery);
    assert.deepEqual(JSON.parse(json), delivery);
    assert.ok(!json.includes(SECRET.slice(6)) && !json.includes('Bearer abc'), 'no secrets in the record');
  });

  test('retries on 500 with growing delays, same id and body, each attempt signed', async () => {
    endpoint = await TestEndpoint.statuses(500, 500, 500, 200);
    const [delivery] = await sender.send(request(endpoint.url()));
    assert.equal(delivery?.status, 'delivered');
    assert.deepEqual(
      delivery.attempts.map((a) => [a.response?.status, a.outcome, a.nextRetryMs]),
      [
        [500, 'retry', 5],
        [500, 'retry', 10],
        [500, 'retry', 20],
        [200, 'delivered', undefined],
      ],
    );
    assert.equal(new Set(endpoint.received.map((r) => r.headers['webhook-id'])).size, 1);
    assert.equal(new Set(endpoint.received.map((r) => r.body.toString())).size, 1);
    for (const r of endpoint.received)
      assert.ok(standard.verify({ headers: r.headers, body: r.body, secrets: [SECRET] }).ok);
  });

  test('a retry is signed afresh: a later timestamp and a different signature, same id', async () => {
    endpoint = await TestEndpoint.statuses(500, 200);
    // Timestamps count whole seconds: a retry a second later must carry a newer one.
    const [delivery] = await sender.send(
      request(endpoint.url(), { retry: { baseDelayMs: 1000, jitter: 0, maxAttempts: 2 } }),
    );
    assert.equal(delivery?.status, 'delivered');
    const [first, retry] = endpoint.received;
    assert.ok(first && retry);
    assert.equal(retry.headers['webhook-id'], first.headers['webhook-id']);
    assert.ok(Number(retry.headers['webhook-timestamp']) > Number(first.headers['webhook-timestamp']));
    assert.notEqual(retry.headers['webhook-signature'], first.headers['webhook-signature']);
    for (const r of [first, retry])
      assert.ok(standard.verify({ headers: r.headers, body: r.body, secrets: [SECRET] }).ok);
  });

  test('a timeout is a typed error and is retried until max attempts', async () => {
    endpoint = await TestEndpoint.start(() => 'hold');
    const [delivery] = await sender.send(
      request(endpoint.url(), { timeoutMs: 50, retry: { baseDelayMs: 5, maxAttempts: 2 } }),
    );
    assert.equal(delivery?.status, 'failed');
    assert.deepEqual(
      delivery.attempts.map((a) => [a.error?.kind, a.outcome]),
      [
        ['timeout', 'retry'],
        ['timeout', 'failed'],
      ],
    );
    assert.equal(delivery.attempts[1]?.stopReason, 'max_attempts');
  });

  test('a refused connection is a typed error retried with doubling delays', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/hook`;
    const [delivery] = await sender.send(
      request(url, { retry: { baseDelayMs: 4, maxAttempts: 4, jitter: 0 } }),
    );
    assert.equal(delivery?.status, 'failed');
    assert.deepEqual(
      delivery.attempts.map((a) => a.error?.kind),
      ['refused', 'refused', 'refused', 'refused'],
    );
    assert.deepEqual(
      delivery.attempts.map((a) => a.nextRetryMs),
      [4, 8, 16, undefined],
    );
  });

  test('Retry-After on 429 and 503 sets the wait (compressed with the schedule)', async () => {
    endpoint = await TestEndpoint.start((_, i) =>
      i === 0
        ? { status: 429, headers: { 'retry-after': '60' } }
        : i === 1
          ? { status: 503, headers: { 'retry-after': '3' } }
          : { status: 200 },
    );
    const [delivery] = await sender.send(request(endpoint.url(), { retry: { baseDelayMs: 10, jitter: 0 } }));
    assert.equal(delivery?.status, 'delivered');
    assert.deepEqual(
      delivery.attempts.map((a) => [a.nextRetryMs, a.nextRetryBasis]),
      [
        [20, 'retry_after'],
        [1, 'retry_after'],
        [undefined, undefined],
      ],
    );
  });

  for (const [what, retryAfter, retry, askedMs] of [
    // The largest base the editor offers stretches 20 000 s to about 28 days, past the 24 h window.
    ['20000 s on a stretched schedule', '20000', { baseDelayMs: 3_600_000, maxAttempts: 50 }, 20_000_000],
    ['1e12 s on a compressed schedule', '1000000000000', { baseDelayMs: 10, maxAttempts: 50 }, 1e15],
    [
      'an HTTP date in 2100',
      'Fri, 01 Jan 2100 00:00:00 GMT',
      { baseDelayMs: 30_000, maxAttempts: 50 },
      undefined,
    ],
  ] as const) {
    test(`a 503 with a Retry-After past the window (${what}) gets one attempt, and the record says why`, async () => {
      endpoint = await TestEndpoint.start(() => ({ status: 503, headers: { 'retry-after': retryAfter } }));
      // The signal only keeps a broken schedule from holding the suite; it must not fire.
      const signal = AbortSignal.timeout(5_000);
      const [delivery] = await sender.send(
        request(endpoint.url(), { retry: { ...retry, jitter: 0 }, signal }),
      );
      assert.equal(endpoint.received.length, 1);
      assert.equal(delivery?.status, 'failed');
      assert.equal(delivery.attempts.length, 1);
      const [attempt] = delivery.attempts;
      assert.equal(attempt?.outcome, 'failed');
      assert.equal(attempt.stopReason, 'retry_after_beyond_window');
      if (askedMs === undefined) assert.ok((attempt.retryAfterMs ?? 0) > 24 * 3_600_000);
      else assert.equal(attempt.retryAfterMs, askedMs);
    });
  }

  test('410 Gone stops at once', async () => {
    endpoint = await TestEndpoint.statuses(410);
    const [delivery] = await sender.send(request(endpoint.url()));
    assert.equal(delivery?.status, 'failed');
    assert.equal(delivery.attempts.length, 1);
    assert.equal(delivery.attempts[0]?.stopReason, 'gone');
  });

  test('a redirect is a failure and is not followed', async () => {
    endpoint = await TestEndpoint.start((r) =>
      r.path === '/moved' ? { status: 200 } : { status: 302, headers: { location: '/moved' } },
    );
    const [delivery] = await sender.send(
      request(endpoint.url(), { retry: { baseDelayMs: 1, maxAttempts: 2 } }),
    );
    assert.equal(delivery?.status, 'failed');
    assert.deepEqual(
      endpoint.received.map((r) => r.path),
      ['/webhooks', '/webhooks'],
    );
  });

  test('duplicates deliver the identical event, one id, one record each', async () => {
    endpoint = await TestEndpoint.statuses(200);
    const deliveries = await sender.send(request(endpoint.url(), { duplicates: 3 }));
    assert.deepEqual(
      deliveries.map((d) => [d.status, d.duplicate.index, d.duplicate.of]),
      [
        ['delivered', 1, 3],
        ['delivered', 2, 3],
        ['delivered', 3, 3],
      ],
    );
    assert.equal(new Set(deliveries.map((d) => d.eventId)).size, 1);
    assert.equal(new Set(deliveries.map((d) => d.id)).size, 3);
    assert.equal(
      new Set(endpoint.received.map((r) => `${String(r.headers['webhook-id'])}|${r.body.toString()}`)).size,
      1,
    );
    assert.equal(endpoint.received.length, 3);
  });

  test('cancellation during a backoff wait ends the delivery as cancelled', async () => {
    endpoint = await TestEndpoint.statuses(500);
    const controller = new AbortController();
    sender.on('attempt', (attempt: AttemptRecord) => {
      if (attempt.outcome === 'retry') controller.abort();
    });
    // A 60 s backoff: only cancellation lets this test finish within mocha's timeout.
    const [delivery] = await sender.send(
      request(endpoint.url(), { retry: { baseDelayMs: 60_000 }, signal: controller.signal }),
    );
    assert.equal(delivery?.status, 'cancelled');
    assert.equal(delivery.attempts.length, 1);
    assert.equal(endpoint.received.length, 1);
  });

  test('cancellation mid-request, and dispose(), end in-flight deliveries', async () => {
    endpoint = await TestEndpoint.start(() => 'hold');
    const controller = new AbortController();
    sender.once('attemptStarted', () => setImmediate(() => controller.abort()));
    const [cancelled] = await sender.send(request(endpoint.url(), { signal: controller.signal }));
    assert.equal(cancelled?.status, 'cancelled');
    assert.equal(cancelled.attempts[0]?.error?.kind, 'cancelled');
    sender.once('attemptStarted', () => setImmediate(() => void sender.dispose()));
    const pending = sender.send(request(endpoint.url()));
    const [disposed] = await pending;
    assert.equal(disposed?.status, 'cancelled');
    await assert.rejects(
      sender.send(request(endpoint.url())),
      (e) => e instanceof SenderError && e.code === 'disposed',
    );
  });

  test('events announce each delivery and attempt as it happens', async () => {
    endpoint = await TestEndpoint.statuses(500, 200);
    const seen: string[] = [];
    sender.on('deliveryStarted', (d) => seen.push(`start:${d.status}`));
    sender.on('attemptStarted', (a) => seen.push(`attempt:${a.number}`));
    sender.on('attempt', (a) => seen.push(`done:${a.number}:${a.outcome}`));
    sender.on('deliveryFinished', (d) => seen.push(`end:${d.status}`));
    await sender.send(request(endpoint.url()));
    assert.deepEqual(seen, [
      'start:delivering',
      'attempt:1',
      'done:1:retry',
      'attempt:2',
      'done:2:delivered',
      'end:delivered',
    ]);
  });

  test('response bodies are capped at 64 KiB', async () => {
    endpoint = await TestEndpoint.start(() => ({ status: 200, body: Buffer.alloc(100 * 1024, 'a') }));
    const [delivery] = await sender.send(request(endpoint.url()));
    const response = delivery?.attempts[0]?.response;
    assert.equal(response?.body.length, 64 * 1024);
    assert.equal(response.bodyBytes, 100 * 1024);
    assert.equal(response.truncated, true);
  });

  test('https to a plain http endpoint is a typed tls error', async () => {
    endpoint = await TestEndpoint.statuses(200);
    const [delivery] = await sender.send(
      request(endpoint.url().replace('http:', 'https:'), { retry: { maxAttempts: 1 } }),
    );
    assert.equal(delivery?.attempts[0]?.error?.kind, 'tls');
  });

  test('bad URLs and secrets are refused before any request', async () => {
    await assert.rejects(
      sender.send(request('ftp://127.0.0.1/x')),
      (e) => e instanceof SenderError && e.code === 'invalid_url',
    );
    await assert.rejects(sender.send(request('http://127.0.0.1:1/x', { secrets: [] })), SigningSecretError);
  });
});
