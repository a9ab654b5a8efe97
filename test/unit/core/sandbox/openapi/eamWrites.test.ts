import * as assert from 'node:assert/strict';
import type { EnvelopeName } from '../../../../../src/core/contract/makiniContract';
import { eamCollection } from '../../../../../src/core/sandbox/openapi/eamCatalog';
import { SenderDispatcher } from '../../../../../src/core/sandbox/sandboxSender';
import { startReceiver, stopReceivers } from '../../receiver/receiverFixture';
import { call, field } from '../sandboxHttp';
import { startEamSandbox, type EamHarness } from './eamHarness';

const SECRET = 'whsec-eam-writes-test';

suite('sandbox: EAM writes', () => {
  let h: EamHarness | undefined;
  teardown(async () => {
    await h?.sandbox.stop();
    h = undefined;
    await stopReceivers();
  });

  function workOrderKey(harness: EamHarness, index = 7): string {
    const orders = eamCollection('work-orders');
    assert.ok(orders);
    return String(harness.sandbox.data.of(harness.connectionKey).record(orders, index)?.key);
  }

  for (const envelope of ['ids', 'detailed'] as const satisfies readonly EnvelopeName[]) {
    test(`a PUT on a work order is applied and comes to the receiver as a verified work_orders.updated (${envelope})`, async () => {
      const receiver = await startReceiver({ settings: { secrets: [SECRET] } });
      const dispatcher = new SenderDispatcher({
        url: receiver.url,
        secret: SECRET,
        scheme: 'makini',
        entityEnvelope: envelope,
        retry: { baseDelayMs: 5, maxAttempts: 2 },
      });
      h = await startEamSandbox({ dispatcher });
      const token = await h.tokenFor(h.connectionKey);
      const key = workOrderKey(h);
      const receipt = receiver.nextReceipt();
      const started = Date.now();
      const put = await call(h.base, 'PUT', `/api/eam/work-orders/${key}`, {
        token,
        body: { title: 'Replace the seal on pump P-7', estimatedTime: 3 },
      });
      assert.equal(put.status, 200);
      assert.equal(field(put.body, 'data', 'title'), 'Replace the seal on pump P-7');
      assert.equal(field(put.body, 'data', 'estimatedTime'), '3', 'typed as WorkOrder types it');
      const got = await receipt;
      console.log(`      ${envelope}: received ${Date.now() - started} ms after the PUT`);
      assert.equal(got.eventType, 'work_orders.updated');
      assert.equal(got.envelope, envelope);
      assert.equal(got.verified, true);
      assert.equal(got.connectionId, h.connectionKey);
      assert.deepEqual(got.schemaErrors, []);
      const body = JSON.parse(got.body) as Record<string, unknown>;
      if (envelope === 'ids') assert.deepEqual(body.body, [key]);
      else {
        assert.equal(field(body, 'data', 'key'), key);
        assert.ok((field(body, 'data', 'changed_fields') as string[]).includes('title'));
      }
      await h.sandbox.settled();
      assert.equal(h.sandbox.deliveries()[0]?.attempts, 1, 'delivered on the first attempt, no retry wait');
      const read = await call(h.base, 'GET', `/api/eam/work-orders/${key}`, { token });
      assert.equal(field(read.body, 'data', 'title'), 'Replace the seal on pump P-7');
    });
  }

  test('a status change sets status and completedAt; POST adds a record that lists and reads back', async () => {
    h = await startEamSandbox();
    const token = await h.tokenFor(h.connectionKey);
    const statuses = await call(h.base, 'GET', '/api/eam/statuses/work-orders', { token });
    const completed = (field(statuses.body, 'data') as { key: string; name: string }[]).find(
      (s) => s.name === 'Completed',
    );
    assert.ok(completed);
    const key = workOrderKey(h, 11);
    const put = await call(h.base, 'PUT', `/api/eam/work-orders/${key}/status`, {
      token,
      body: { statusKey: completed.key },
    });
    assert.equal(field(put.body, 'data', 'status'), 'Completed');
    assert.equal(typeof field(put.body, 'data', 'completedAt'), 'string');

    const asset = String(
      field((await call(h.base, 'GET', '/api/eam/assets?per_page=1', { token })).body, 'data', 0, 'key'),
    );
    const post = await call(h.base, 'POST', '/api/eam/work-orders', {
      token,
      body: { title: 'Inspect the new conveyor', assetKey: asset },
    });
    assert.equal(post.status, 200);
    const created = String(field(post.body, 'data', 'key'));
    const found = await call(h.base, 'GET', `/api/eam/work-orders?filter[title]=Inspect the new conveyor`, {
      token,
    });
    assert.deepEqual(
      (field(found.body, 'data') as { key: string }[]).map((r) => r.key),
      [created],
    );
    assert.equal(field(found.body, 'data', 0, 'assetKey'), asset);
  });

  test('read_only: writes answer success and change nothing, and send no webhook', async () => {
    const receiver = await startReceiver({ settings: { secrets: [SECRET] } });
    const dispatcher = new SenderDispatcher({ url: receiver.url, secret: SECRET, scheme: 'makini' });
    h = await startEamSandbox({ dispatcher });
    const token = await h.tokenFor(h.connectionKey);
    const on = await call(h.base, 'POST', `/_sandbox/connections/${h.connectionKey}/read-only`, {
      body: { read_only: true },
    });
    assert.equal(field(on.body, 'data', 'readOnly'), true);
    const key = workOrderKey(h);
    const before = await call(h.base, 'GET', `/api/eam/work-orders/${key}`, { token });
    const put = await call(h.base, 'PUT', `/api/eam/work-orders/${key}`, {
      token,
      body: { title: 'Not kept' },
    });
    assert.equal(put.status, 200);
    assert.equal(field(put.body, 'data', 'title'), 'Not kept');
    const post = await call(h.base, 'POST', '/api/eam/work-orders', { token, body: { title: 'Not added' } });
    assert.equal(post.status, 200);
    const after = await call(h.base, 'GET', `/api/eam/work-orders/${key}`, { token });
    assert.deepEqual(after.body, before.body);
    const list = await call(h.base, 'GET', '/api/eam/work-orders?per_page=1', { token });
    assert.equal(field(list.body, 'meta', 'total'), 300);
    const bad = await call(h.base, 'PUT', `/api/eam/work-orders/${key}`, { token, body: { title: 7 } });
    assert.equal(bad.status, 422, 'still validated');
    await h.sandbox.settled();
    assert.deepEqual(h.sandbox.deliveries(), []);
    assert.deepEqual(receiver.receipts, []);
  });
});
