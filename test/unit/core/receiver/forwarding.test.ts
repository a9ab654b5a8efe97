import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventBody, request, startReceiver, stopReceivers } from './receiverFixture';

interface App {
  readonly url: string;
  readonly seen: { headers: http.IncomingHttpHeaders; body: Buffer }[];
  stop(): Promise<void>;
}

/** The developer's own app, answering with `status` and `body` (or never, when status is 0). */
async function startApp(status: number, body = '{"ok":true}'): Promise<App> {
  const seen: App['seen'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ headers: req.headers, body: Buffer.concat(chunks) });
      if (status !== 0) res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    seen,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

suite('receiver forwarding', () => {
  const apps: App[] = [];
  teardown(async () => {
    await stopReceivers();
    await Promise.all(apps.splice(0).map((a) => a.stop()));
  });

  async function app(status: number, body?: string): Promise<App> {
    const started = await startApp(status, body);
    apps.push(started);
    return started;
  }

  test('relays the raw body and headers, plus x-forwarded-*, and answers with the app', async () => {
    const target = await app(200, '{"handled":1}');
    const { url, receipts } = await startReceiver({ settings: { forwardTo: target.url } });
    const event = eventBody();
    const answer = await request(url, {
      headers: { 'content-type': 'application/json', 'x-makini-event-id': event.id },
      body: event.body,
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.text, '{"handled":1}');
    const seen = target.seen[0];
    assert.ok(seen);
    assert.ok(seen.body.equals(event.body));
    assert.equal(seen.headers['x-makini-event-id'], event.id);
    assert.equal(seen.headers['x-forwarded-for'], '127.0.0.1');
    assert.match(String(seen.headers['x-forwarded-host']), /^127\.0\.0\.1:\d+$/);
    assert.equal(seen.headers['x-forwarded-proto'], 'http');
    assert.equal(receipts[0]?.forward?.status, 200);
    assert.equal(receipts[0]?.forward?.body, '{"handled":1}');
    assert.equal(receipts[0]?.status, 200);
  });

  test("the receipt keeps the app's answer up to 64 KiB, and says when it was longer", async () => {
    const whole = `{"error":"${'e'.repeat(10 * 1024)}"}`;
    const long = 'x'.repeat(70 * 1024);
    for (const [body, kept, truncated] of [
      [whole, whole, undefined],
      [long, long.slice(0, 64 * 1024), true],
    ] as const) {
      const target = await app(422, body);
      const { url, receipts } = await startReceiver({ settings: { forwardTo: target.url } });
      const event = eventBody();
      await request(url, { headers: { 'content-type': 'application/json' }, body: event.body });
      assert.equal(receipts[0]?.forward?.body, kept);
      assert.equal(receipts[0]?.forward?.bodyTruncated, truncated);
      await stopReceivers();
    }
  });

  test("the app's failure status reaches the sender and is recorded", async () => {
    const target = await app(500, '{"error":"boom"}');
    const { url, receipts } = await startReceiver({ settings: { forwardTo: target.url } });
    const event = eventBody();
    const answer = await request(url, { headers: { 'content-type': 'application/json' }, body: event.body });
    assert.equal(answer.status, 500);
    assert.equal(answer.text, '{"error":"boom"}');
    assert.equal(receipts[0]?.forward?.status, 500);
    // A failed answer does not count as received: the retry is not a duplicate.
    await request(url, { headers: { 'content-type': 'application/json' }, body: event.body });
    assert.equal(receipts[1]?.duplicate, false);
  });

  test('an app that never answers gets the timeout; the sender gets 504', async () => {
    const target = await app(0);
    const { url, receipts } = await startReceiver({ settings: { forwardTo: target.url } });
    const answer = await request(url, {
      headers: { 'content-type': 'application/json' },
      body: eventBody().body,
    });
    assert.equal(answer.status, 504);
    assert.equal(answer.json().error, 'timeout');
    assert.equal(receipts[0]?.forward?.error, 'timeout');
    assert.match(receipts[0]?.forward?.message ?? '', /did not answer within 300 ms/);
  });

  test('an app that is not running gives 502 unreachable', async () => {
    const target = await app(200);
    await target.stop();
    const { url, receipts } = await startReceiver({ settings: { forwardTo: target.url } });
    const answer = await request(url, {
      headers: { 'content-type': 'application/json' },
      body: eventBody().body,
    });
    assert.equal(answer.status, 502);
    assert.equal(receipts[0]?.forward?.error, 'unreachable');
    assert.match(receipts[0]?.forward?.message ?? '', /Is it running/);
  });
});
