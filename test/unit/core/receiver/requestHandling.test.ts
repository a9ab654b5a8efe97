import * as assert from 'node:assert/strict';
import { connect, postHead, readUntilClosed } from './rawClient';
import { eventBody, request, startReceiver, stopReceivers } from './receiverFixture';

const json = { 'content-type': 'application/json' };

suite('receiver request handling', () => {
  teardown(stopReceivers);

  test('GET /healthz answers 200 and is not recorded', async () => {
    const { url, receipts } = await startReceiver({}, { path: '/hooks' });
    const answer = await request(new URL('/healthz', url).href, { method: 'GET' });
    assert.equal(answer.status, 200);
    assert.equal(receipts.length, 0);
  });

  test('only the configured path takes webhooks; other paths are 404', async () => {
    const { url, receipts } = await startReceiver({}, { path: 'hooks' });
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/hooks$/);
    const { body } = eventBody();
    assert.equal((await request(url, { headers: json, body })).status, 200);
    const other = await request(new URL('/elsewhere', url).href, { headers: json, body });
    assert.equal(other.status, 404);
    assert.equal(other.json().error, 'not_found');
    assert.equal(receipts[1]?.status, 404);
  });

  test('methods other than POST are 405 with Allow: POST', async () => {
    const { url, receipts } = await startReceiver();
    const answer = await request(url, { method: 'PUT', headers: json, body: '{}' });
    assert.equal(answer.status, 405);
    assert.equal(answer.headers.allow, 'POST');
    assert.equal(receipts[0]?.reason, 'method_not_allowed');
  });

  test('content types other than JSON are 415; +json types are accepted', async () => {
    const { url } = await startReceiver();
    const { body } = eventBody();
    const text = await request(url, { headers: { 'content-type': 'text/plain' }, body });
    assert.equal(text.status, 415);
    assert.match(String(text.json().message), /application\/json/);
    assert.equal((await request(url, { body })).status, 415);
    const vendor = await request(url, {
      headers: { 'content-type': 'application/vnd.makini+json; charset=utf-8' },
      body,
    });
    assert.equal(vendor.status, 200);
  });

  test('a body over the limit is 413, whether declared or streamed without a length', async () => {
    const { url, receipts } = await startReceiver({ settings: { maxBodyBytes: 1000 } });
    const big = Buffer.alloc(5000, 'a');
    const declared = await request(url, { headers: json, body: big });
    assert.equal(declared.status, 413);
    assert.equal(declared.json().error, 'body_too_large');
    const streamed = await request(url, { headers: { ...json, 'transfer-encoding': 'chunked' }, body: big });
    assert.equal(streamed.status, 413);
    assert.equal(receipts.length, 2);
    assert.ok(receipts.every((r) => r.body === ''));
  });

  test('a client that stalls mid-body is cut off with 408 and recorded', async () => {
    const { url, nextReceipt } = await startReceiver();
    const socket = await connect(url);
    const answer = readUntilClosed(socket);
    socket.write(`${postHead('/', 100)}{"id":`);
    const [text, receipt] = await Promise.all([answer, nextReceipt()]);
    assert.match(text, /^HTTP\/1\.1 408/);
    assert.equal(receipt.status, 408);
    assert.equal(receipt.reason, 'request_timeout');
    assert.equal(receipt.bodyBytes, 6);
  });

  test('a client that stalls after one body byte is told so in the singular', async () => {
    const { url, nextReceipt } = await startReceiver();
    const socket = await connect(url);
    const answer = readUntilClosed(socket);
    socket.write(`${postHead('/', 100)}{`);
    const [, receipt] = await Promise.all([answer, nextReceipt()]);
    assert.equal(receipt.bodyBytes, 1);
    assert.match(receipt.message ?? '', /\(1 byte came\)\.$/);
  });

  test('an aborted request is recorded with status 0', async () => {
    const { url, nextReceipt } = await startReceiver();
    const socket = await connect(url);
    socket.write(`${postHead('/', 100)}{"id":"evt_`);
    const receipt = nextReceipt();
    setTimeout(() => socket.destroy(), 20);
    const recorded = await receipt;
    assert.equal(recorded.status, 0);
    assert.equal(recorded.reason, 'aborted');
  });

  test('invalid JSON is 400 invalid_json', async () => {
    const { url, receipts } = await startReceiver();
    const answer = await request(url, { headers: json, body: '{"id": "evt_1", ' });
    assert.equal(answer.status, 400);
    assert.equal(answer.json().error, 'invalid_json');
    assert.equal(receipts[0]?.body, '{"id": "evt_1", ');
  });

  test('an unknown type is answered 200 and recorded as a schema problem', async () => {
    const { url, receipts } = await startReceiver();
    const { body } = eventBody({ type: 'order.shipped' });
    assert.equal((await request(url, { headers: json, body })).status, 200);
    assert.equal(receipts[0]?.eventType, 'order.shipped');
    assert.match(receipts[0]?.schemaErrors.join() ?? '', /not an event type in the catalog/);
  });

  test('a schema violation is answered 200 and recorded with where it is', async () => {
    const { url, receipts } = await startReceiver();
    const { body } = eventBody({ data: { unexpected: true }, timestamp: 'yesterday' });
    assert.equal((await request(url, { headers: json, body })).status, 200);
    // The envelope is checked first: its data is checked once the envelope is sound.
    assert.deepEqual(receipts[0]?.schemaErrors, [
      'timestamp: expected an ISO 8601 date-time such as "2025-06-01T12:00:00Z", got "yesterday"',
    ]);
    const sound = eventBody({ data: { unexpected: true } });
    assert.equal((await request(url, { headers: json, body: sound.body })).status, 200);
    const errors = receipts[1]?.schemaErrors ?? [];
    assert.ok(errors.includes('data.unexpected is not allowed here'), errors.join('\n'));
    assert.ok(errors.includes('data.sync_id is missing'), errors.join('\n'));
    assert.ok(!errors.some((e) => e.includes('(expected')), errors.join('\n'));
  });

  test('a second delivery of an accepted event id is answered 200 and marked duplicate', async () => {
    const { url, receipts } = await startReceiver();
    const event = eventBody();
    const first = await request(url, { headers: json, body: event.body });
    const second = await request(url, { headers: json, body: event.body });
    assert.deepEqual([first.status, second.status], [200, 200]);
    assert.deepEqual(
      receipts.map((r) => r.duplicate),
      [false, true],
    );
    await request(url, { headers: json, body: eventBody().body });
    assert.equal(receipts[2]?.duplicate, false);
  });

  test('credentials in headers are masked in records', async () => {
    const { url, receipts } = await startReceiver();
    const headers = { ...json, authorization: 'Bearer very-private', cookie: 'session=abc' };
    await request(url, { headers, body: eventBody().body });
    assert.equal(receipts[0]?.headers.authorization, '[masked]');
    assert.ok(!JSON.stringify(receipts[0]).includes('very-private'));
  });

  test('stop() closes open keep-alive and stalled sockets and waits for close', async () => {
    const { url, receiver } = await startReceiver();
    const socket = await connect(url);
    const closed = readUntilClosed(socket);
    socket.write(postHead('/', 50));
    await receiver.stop();
    await closed;
    assert.equal(receiver.url, undefined);
    await assert.rejects(request(url, { headers: json, body: '{}' }));
  });
});
