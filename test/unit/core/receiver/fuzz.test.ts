import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { connect, readUntilClosed } from './rawClient';
import { postSigned, request, startReceiver, stopReceivers } from './receiverFixture';

/** A small seeded generator (mulberry32): every random choice and byte comes from it. */
function generator(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * n);
  };
}

/** `MAKINI_FUZZ_SEED` repeats a run; without it each run draws a seed of its own. */
function fuzzSeed(): number {
  const given = process.env.MAKINI_FUZZ_SEED;
  if (given === undefined || given === '') return Math.floor(Math.random() * 2 ** 32);
  const seed = Number(given);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32)
    throw new RangeError(`MAKINI_FUZZ_SEED must be an integer in [0, 2^32), not ${given}.`);
  return seed;
}

const MAX_BODY_BYTES = 2048;

/** What became of one request: the status answered, or the error that ended it. */
type Outcome = { readonly status: number } | { readonly error: string; readonly bodyBytes: number };

const ANSWERED = [200, 400, 401, 404, 405, 413, 415];

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
const BODIES: ((bytes: (n: number) => Buffer) => string)[] = [
  () => '{}',
  () => 'null',
  () => '[1,2,3]',
  () =>
    '{"id":"evt_x","type":"sync.completed","timestamp":"2026-01-01T00:00:00Z","connection_id":"c","data":{}}',
  () => '{"id":'.repeat(50),
  () => JSON.stringify({ id: 12, type: {}, data: 'x' }),
  (bytes) => bytes(64).toString('binary'),
  (bytes) => bytes(3000).toString('base64'),
  () => '',
  () => '\u0000\uffff\ud800',
];

suite('receiver fuzz', () => {
  teardown(stopReceivers);

  test('2,000 random requests, then it still answers correctly', async function () {
    this.timeout(60_000);
    const seed = fuzzSeed();
    console.log(`      receiver fuzz seed ${seed} (repeat with MAKINI_FUZZ_SEED=${seed})`);
    const secret = 'fuzz-secret';
    const { url, receipts } = await startReceiver(
      { settings: { secrets: [secret], maxBodyBytes: MAX_BODY_BYTES } },
      { path: '/hooks' },
    );
    const random = generator(seed);
    const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => random(256)));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const pick = <T>(items: readonly T[]): T => items[random(items.length)] as T;
    const one = (): Promise<Outcome> =>
      new Promise((resolve) => {
        const headers: http.OutgoingHttpHeaders = {};
        const type = pick(TYPES);
        if (type !== '') headers['content-type'] = type;
        if (random(3) === 0)
          headers['x-webhook-signature'] = pick(['', 'abc', bytes(32).toString('base64'), '===']);
        if (random(4) === 0) headers['webhook-timestamp'] = pick(['-1', 'NaN', '99999999999999']);
        const target = new URL(pick(PATHS), url);
        const method = pick(METHODS);
        const body = pick(BODIES)(bytes);
        const req = http.request(target, { method, headers, agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
          res.on('error', (error) => resolve({ error: error.message, bodyBytes: Buffer.byteLength(body) }));
        });
        req.on('error', (error) => resolve({ error: error.message, bodyBytes: Buffer.byteLength(body) }));
        req.end(body);
      });
    const outcomes: Outcome[] = [];
    for (let batch = 0; batch < 100; batch++) {
      outcomes.push(...(await Promise.all(Array.from({ length: 20 }, one))));
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
    assert.equal(outcomes.length, 2000);
    const unexpected = outcomes.filter((o) =>
      'status' in o
        ? !ANSWERED.includes(o.status)
        : // The receiver cuts off an oversized body mid-upload (after its 413), which the client
          // may see as a reset before it reads the answer; any other request must be answered.
          o.bodyBytes <= MAX_BODY_BYTES,
    );
    assert.deepEqual(unexpected, [], `seed ${seed}: answers outside ${ANSWERED.join()}, or cut off`);
    assert.ok(receipts.length > 1500, `seed ${seed}: ${receipts.length} receipts`);
    const good = await postSigned(url, 'makini', [secret]);
    assert.equal(good.status, 200);
    assert.equal(
      (await request(url, { headers: { 'content-type': 'application/json' }, body: '{}' })).status,
      401,
    );
  });
});
