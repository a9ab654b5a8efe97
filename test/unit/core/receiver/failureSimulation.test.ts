import * as assert from 'node:assert/strict';
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
    const { url, receiver, receipts } = await startReceiver({ settings: { simulation: { delayMs: 40 } } });
    const answer = await request(url, { headers: json, body: eventBody().body });
    assert.equal(answer.status, 200);
    assert.equal(receipts[0]?.simulated?.delayMs, 40);
    assert.ok((receipts[0]?.durationMs ?? 0) >= 39);
    receiver.update({ simulation: { delayMs: 60_000 } });
    const pending = request(url, { headers: json, body: eventBody().body }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await receiver.stop();
    await pending;
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
