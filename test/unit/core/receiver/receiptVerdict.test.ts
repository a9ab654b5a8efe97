import * as assert from 'node:assert/strict';
import { eventBody, postSigned, request, startReceiver, stopReceivers } from './receiverFixture';

const SECRET = 'verdict-secret';
const json = { 'content-type': 'application/json' };

suite('receiver: one verdict per receipt', () => {
  teardown(() => stopReceivers());

  test('verified, duplicate, rejected with its reason: decided by the receiver, carried on the record', async () => {
    const { url, receipts } = await startReceiver({ settings: { secrets: [SECRET] } });
    const event = eventBody();
    await postSigned(url, 'makini', [SECRET], event);
    await postSigned(url, 'makini', [SECRET], event);
    await postSigned(url, 'makini', ['another-secret'], eventBody());
    assert.deepEqual(
      receipts.map((r) => [r.verdict.outcome, r.verdict.actionable, r.verdict.reason]),
      [
        ['verified', true, undefined],
        ['duplicate', false, undefined],
        ['rejected', false, 'mismatch'],
      ],
    );
  });

  test('accepted unverified without a secret; a simulated failure is not taken', async () => {
    const { url, receiver, receipts } = await startReceiver();
    await request(url, { headers: json, body: eventBody().body });
    receiver.update({ simulation: { respondStatus: 500 } });
    await request(url, { headers: json, body: eventBody().body });
    assert.deepEqual(
      receipts.map((r) => [r.verdict.outcome, r.verdict.actionable, r.status]),
      [
        ['accepted_unverified', true, 200],
        ['simulated_failure', false, 500],
      ],
    );
  });

  test('a simulated failure does not make the id a duplicate: the retry is taken', async () => {
    const { url, receiver, receipts } = await startReceiver({ settings: { simulation: { failFirst: 1 } } });
    const event = eventBody();
    await request(url, { headers: json, body: event.body });
    await request(url, { headers: json, body: event.body });
    receiver.update({ simulation: {} });
    assert.deepEqual(
      receipts.map((r) => r.verdict.outcome),
      ['simulated_failure', 'accepted_unverified'],
    );
  });

  test('the stored event carries the envelope parsed once; a refused body carries none', async () => {
    const { url, receiver } = await startReceiver({ settings: { secrets: [SECRET] } });
    const seen: unknown[] = [];
    receiver.onStored(({ envelope }) => seen.push(envelope));
    const event = eventBody();
    await postSigned(url, 'makini', [SECRET], event);
    await request(url, { headers: json, body: event.body });
    assert.deepEqual(seen, [JSON.parse(event.body.toString()), undefined]);
  });
});
