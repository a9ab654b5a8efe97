import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { CONNECTION_ID_HEADER } from '../../../../src/core/contract/makiniContract';
import { buildWebhook } from '../../../../src/core/events/webhookBuilder';
import { formatReceiptJson, formatReceiptLine } from '../../../../src/core/receiver/receiptLine';
import { WebhookSender } from '../../../../src/core/sender/webhookSender';
import { getScheme } from '../../../../src/core/signing/schemes';
import { request, startReceiver, stopReceivers } from './receiverFixture';

const SECRET = 'envelope-test-secret-9c1d';
const json = { 'content-type': 'application/json' };

suite('receiver envelopes', () => {
  let sender: WebhookSender;

  setup(() => {
    sender = new WebhookSender();
  });

  teardown(async () => {
    await sender.dispose();
    await stopReceivers();
  });

  test('an ids webhook from the sender is recognised, verified, and keyed for duplicates by its body', async () => {
    const { url, receipts } = await startReceiver({ settings: { secrets: [SECRET] } });
    const event = buildWebhook('assets.updated', { seed: 7, connectionId: 'conn_ids' });
    assert.equal(event.envelope, 'ids');
    const records = await sender.send({
      url,
      event,
      scheme: getScheme('makini'),
      secrets: [SECRET],
      duplicates: 2,
      retry: { maxAttempts: 1 },
    });
    assert.deepEqual(
      records.map((r) => r.status),
      ['delivered', 'delivered'],
    );
    const [first, second] = receipts;
    assert.ok(first && second);
    assert.equal(first.envelope, 'ids');
    assert.equal(first.eventType, 'assets.updated');
    assert.equal(first.eventId, undefined, 'the ids envelope has no event id');
    assert.equal(first.connectionId, 'conn_ids', `read from ${CONNECTION_ID_HEADER}`);
    assert.deepEqual(first.schemaErrors, []);
    assert.equal(first.verdict.outcome, 'verified');
    assert.equal(first.duplicateKey, 'body_sha256');
    assert.equal(first.duplicate, false);
    assert.equal(second.duplicate, true);
    assert.equal(second.duplicateKey, 'body_sha256');
    assert.equal(second.verdict.outcome, 'duplicate');
    const line = JSON.parse(formatReceiptJson(second)) as Record<string, unknown>;
    assert.equal(line.duplicate_key, 'body_sha256');
    assert.equal(line.envelope, 'ids');
    assert.match(formatReceiptLine(second), /duplicate \(by body_sha256\)/);
  });

  test('duplicates by body: the same bytes are a duplicate, other ids or other bytes are not', async () => {
    const { url, receipts } = await startReceiver();
    const body = (ids: string[], spacing = ''): Buffer =>
      Buffer.from(`{"event":${spacing}"work_orders.updated","body":${JSON.stringify(ids)}}`);
    for (const bytes of [body(['wo_1']), body(['wo_2']), body(['wo_1']), body(['wo_1'], ' ')]) {
      assert.equal((await request(url, { headers: json, body: bytes })).status, 200);
    }
    assert.deepEqual(
      receipts.map((r) => r.duplicate),
      [false, false, true, false],
    );
    // The key is the SHA-256 of the raw bytes, so a reformatted body is another body.
    const hash = createHash('sha256')
      .update(body(['wo_1']))
      .digest('hex');
    assert.notEqual(
      hash,
      createHash('sha256')
        .update(body(['wo_1'], ' '))
        .digest('hex'),
    );
    assert.ok(receipts.every((r) => r.duplicateKey === 'body_sha256'));
  });

  test('a detailed webhook is keyed by its event id, as before', async () => {
    const { url, receipts } = await startReceiver({ settings: { secrets: [SECRET] } });
    const event = buildWebhook('sync.completed', { seed: 3, connectionId: 'conn_d' });
    assert.equal(event.envelope, 'detailed');
    await sender.send({ url, event, scheme: getScheme('makini'), secrets: [SECRET], duplicates: 2 });
    assert.deepEqual(
      receipts.map((r) => [r.envelope, r.duplicateKey, r.duplicate, r.eventId, r.connectionId]),
      [
        ['detailed', 'event_id', false, event.id, 'conn_d'],
        ['detailed', 'event_id', true, event.id, 'conn_d'],
      ],
    );
  });

  test('an entity event in the detailed envelope is recognised too, and an alias type is accepted', async () => {
    const { url, receipts } = await startReceiver();
    const detailed = buildWebhook('materials.inserted', { envelope: 'detailed', seed: 2 });
    const aliased = { event: 'work_order.updated', body: ['wo_9'] };
    await request(url, { headers: json, body: JSON.stringify(detailed.payload) });
    await request(url, { headers: json, body: JSON.stringify(aliased) });
    assert.deepEqual(
      receipts.map((r) => [r.envelope, r.eventType, r.schemaErrors]),
      [
        ['detailed', 'materials.inserted', []],
        ['ids', 'work_order.updated', []],
      ],
    );
  });

  test('an ids body naming a FAQ event or an unknown one is received, with the problem recorded', async () => {
    const { url, receipts } = await startReceiver();
    for (const body of [
      { event: 'sync.completed', body: [] },
      { event: 'boilers.exploded', body: ['b_1'] },
      { event: 'assets.updated', body: [42] },
    ]) {
      assert.equal((await request(url, { headers: json, body: JSON.stringify(body) })).status, 200);
    }
    const [faq, unknown, badIds] = receipts.map((r) => r.schemaErrors.join(' | '));
    assert.match(faq ?? '', /sync\.completed, which exists only in the detailed envelope/);
    assert.match(unknown ?? '', /event: 'boilers\.exploded' is not an event type in the catalog/);
    assert.match(badIds ?? '', /body\[0\]: expected a string, got a number/);
  });

  test('JSON of neither envelope is recorded as unknown_envelope and answered as configured', async () => {
    const plain = await startReceiver();
    for (const body of ['{"hello":"world"}', '[1,2,3]', '"text"']) {
      const answer = await request(plain.url, { headers: json, body });
      assert.equal(answer.status, 200, body);
      assert.equal(answer.json().received, true);
    }
    for (const receipt of plain.receipts) {
      assert.equal(receipt.envelope, 'unknown_envelope');
      assert.equal(receipt.duplicateKey, 'body_sha256');
      assert.match(receipt.schemaErrors[0] ?? '', /neither webhook envelope/);
      assert.match(formatReceiptLine(receipt), /unknown_envelope/);
      assert.equal(
        (JSON.parse(formatReceiptJson(receipt)) as { envelope: string }).envelope,
        'unknown_envelope',
      );
    }
    // "As configured": a simulated failure answers it as it answers any webhook.
    const failing = await startReceiver({ settings: { simulation: { respondStatus: 503 } } });
    const answer = await request(failing.url, { headers: json, body: '{"hello":"world"}' });
    assert.equal(answer.status, 503);
    assert.equal(failing.receipts[0]?.envelope, 'unknown_envelope');
    assert.equal(failing.receipts[0]?.verdict.outcome, 'simulated_failure');
  });

  test('fail-first counts the attempts of an ids webhook by its body', async () => {
    const { url } = await startReceiver({ settings: { simulation: { failFirst: 1 } } });
    const body = JSON.stringify({ event: 'sites.inserted', body: ['site_1'] });
    const statuses: number[] = [];
    for (let i = 0; i < 2; i++) statuses.push((await request(url, { headers: json, body })).status);
    assert.deepEqual(statuses, [500, 200]);
  });
});
