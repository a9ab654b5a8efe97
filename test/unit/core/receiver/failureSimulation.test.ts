import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { eventBody, request, startReceiver, stopReceivers } from './receiverFixture';

const json = { 'content-type': 'application/json' };

suite('receiver failure simulation', () => {
  teardown(stopReceivers);

  test('respond: every webhook gets the given status', async () => {
    const { url, receipts } = await startReceiver({ settings: { simulation: { respondStatus: 503 } } });
    const answer = await request(url, { headers: json, body: eventBody().body });
    assert.equal(answer.status, 503);
    assert.equal(answer.json().error, 'simulated_failure');
    assert.equal(receipts[0]?.simulated?.status, 503);
  });

  test('fail-first: the first N attempts of each event id get 500, then 200, not marked duplicate', async () => {
    const { url, receipts } = await startReceiver({ settings: { simulation: { failFirst: 2 } } });
    const a = eventBody();
    const b = eventBody();
    const statuses: number[] = [];
    for (const event of [a, a, b, a, b, b, a]) {
      statuses.push((await request(url, { headers: json, body: event.body })).status);
    }
    assert.deepEqual(statuses, [500, 500, 500, 200, 500, 200, 200]);
    assert.deepEqual(
      receipts.map((r) => r.duplicate),
      [false, false, false, false, false, false, true],
    );
    assert.deepEqual(
      receipts.map((r) => r.simulated?.attempt),
      [1, 2, 1, 3, 2, 3, 4],
    );
  });

  test('delay: the answer is held for the given time, and stop() does not wait for it', async () => {
    const { url, receiver, receipts, nextReceipt } = await startReceiver({
      settings: { simulation: { delayMs: 40 } },
    });
    const answer = await request(url, { headers: json, body: eventBody().body });
    assert.equal(answer.status, 200);
    assert.equal(receipts[0]?.simulated?.delayMs, 40);
    assert.ok((receipts[0]?.durationMs ?? 0) >= 39);

    receiver.update({ simulation: { delayMs: 60_000 } });
    const held = heldRequest(url, eventBody().body);
    await held.arrived;
    const order: string[] = [];
    const outcome = held.outcome.then((o) => {
      order.push('request ended');
      return o;
    });
    const cut = nextReceipt();
    const stopping = performance.now();
    await receiver.stop();
    order.push('stop returned');
    const stopMs = performance.now() - stopping;
    assert.ok(stopMs < 2000, `stop() took ${stopMs.toFixed(0)} ms: it waited for the delay`);
    // The delay was under way when stop() came, and stop() cut it short: no 200 after 60 s.
    const receipt = await cut;
    assert.equal(receipt.simulated?.delayMs, 60_000);
    assert.ok(receipt.durationMs < 2000, `the held request lasted ${receipt.durationMs} ms`);
    const ended = await outcome;
    assert.deepEqual(order, ['stop returned', 'request ended']);
    assert.ok('error' in ended, `the held request was answered ${JSON.stringify(ended)} after stop`);
  });

  test('the simulation can change while running, and turn off', async () => {
    const { url, receiver } = await startReceiver();
    receiver.update({ simulation: { respondStatus: 429 } });
    assert.equal((await request(url, { headers: json, body: eventBody().body })).status, 429);
    receiver.update({ simulation: {} });
    assert.equal((await request(url, { headers: json, body: eventBody().body })).status, 200);
  });

  test('the simulation does not override a signature failure', async () => {
    const { url } = await startReceiver({
      settings: { secrets: ['a-secret'], simulation: { respondStatus: 200 } },
    });
    assert.equal((await request(url, { headers: json, body: eventBody().body })).status, 401);
  });
});

/**
 * Posts `body` with `expect: 100-continue`, headers and body in one write. Node's server sends
 * `100 Continue` as it hands the request to the receiver, with the body already in its buffer:
 * `arrived` resolves then. `outcome` is the final status, or the error that ended the request.
 */
function heldRequest(
  url: string,
  body: Buffer,
): { arrived: Promise<void>; outcome: Promise<{ status: number } | { error: string }> } {
  let arrive: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const outcome = new Promise<{ status: number } | { error: string }>((resolve) => {
    const req = http.request(url, {
      method: 'POST',
      headers: { ...json, expect: '100-continue' },
      agent: false,
    });
    req.on('continue', arrive);
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      res.on('error', (error) => resolve({ error: error.message }));
    });
    req.on('error', (error) => resolve({ error: error.message }));
    req.end(body);
  });
  return { arrived, outcome };
}
