import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import { connect, readUntilClosed } from './rawClient';
import { postSigned, request, startReceiver, stopReceivers } from './receiverFixture';

/** A small seeded generator, so a failing run can be repeated. */
function generator(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

const METHODS = ['POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
const TYPES = [
  'application/json',
  'application/json',
  'text/plain',
  'application/x+json',
  '',
  'multipart/form-data',
];
const PATHS = [
  '/',
  '/hooks',
  '/hooks',
  '/hooks',
  '/hooks?x=1',
  '/%zz',
  '/healthz',
  '/../../etc/passwd',
  `/${'a'.repeat(3000)}`,
];
const BODIES = [
  () => '{}',
  () => 'null',
  () => '[1,2,3]',
  () =>
    '{"id":"evt_x","type":"sync.completed","timestamp":"2026-01-01T00:00:00Z","connection_id":"c","data":{}}',
  () => '{"id":'.repeat(50),
  () => JSON.stringify({ id: 12, type: {}, data: 'x' }),
  () => randomBytes(64).toString('binary'),
  () => randomBytes(3000).toString('base64'),
  () => '',
  () => '\u0000\uffff\ud800',
];

suite('receiver fuzz', () => {
  teardown(stopReceivers);

  test('2,000 random requests, then it still answers correctly', async function () {
    this.timeout(60_000);
    const secret = 'fuzz-secret';
    const { url, receipts } = await startReceiver(
      { settings: { secrets: [secret], maxBodyBytes: 2048 } },
      { path: '/hooks' },
    );
    const random = generator(20_260_101);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const pick = <T>(items: readonly T[]): T => items[random(items.length)] as T;
    const one = (): Promise<number> =>
      new Promise((resolve) => {
        const headers: http.OutgoingHttpHeaders = {};
        const type = pick(TYPES);
        if (type !== '') headers['content-type'] = type;
        if (random(3) === 0)
          headers['x-makini-signature'] = pick(['', 'abc', randomBytes(32).toString('base64'), '===']);
        if (random(4) === 0) headers['webhook-timestamp'] = pick(['-1', 'NaN', '99999999999999']);
        const req = http.request(
          new URL(pick(PATHS), url),
          { method: pick(METHODS), headers, agent },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
            res.on('error', () => resolve(-1));
          },
        );
        const body = pick(BODIES)();
        // The server cuts off an oversized body mid-upload, which the client may see as a reset.
        req.on('error', () => resolve(Buffer.byteLength(body) > 2048 ? 413 : -1));
        req.end(body);
      });
    const statuses: number[] = [];

    for (let batch = 0; batch < 100; batch++) {
      statuses.push(...(await Promise.all(Array.from({ length: 20 }, one))));
    }
    agent.destroy();

    // A few raw malformed requests as well: broken request lines and headers.
    for (const raw of [
      'GARBAGE\r\n\r\n',
      'POST / HTTP/1.1\r\ncontent-length: -5\r\n\r\n',
      'POST /hooks HTTP/9.9\r\n\r\n',
    ]) {
      const socket = await connect(url);
      const answer = readUntilClosed(socket);
      socket.end(raw);
      assert.match(await answer, /^(HTTP\/1\.1 [45]\d\d|$)/);
    }
    assert.equal(statuses.length, 2000);
    assert.ok(
      statuses.every((s) => [200, 400, 401, 404, 405, 413, 415].includes(s)),
      `statuses: ${[...new Set(statuses)].join()}`,
    );
    assert.ok(receipts.length > 1500);
    const good = await postSigned(url, 'makini', [secret]);
    assert.equal(good.status, 200);
    assert.equal(
      (await request(url, { headers: { 'content-type': 'application/json' }, body: '{}' })).status,
      401,
    );
  });
});
