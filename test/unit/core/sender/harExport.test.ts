import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deliveryKind } from '../../../../src/core/sender/deliveryKind';
import { exportDeliveriesHar } from '../../../../src/core/sender/harExport';
import { LogStore } from '../../../../src/core/logStore/logStore';
import type { AttemptRecord, DeliveryRecord } from '../../../../src/core/sender/deliveryRecord';

function attempt(number: number, status: number | undefined): AttemptRecord {
  return {
    deliveryId: 'dlv_1',
    eventId: 'evt_1',
    number,
    startedAt: `2026-01-01T00:00:0${number}.000Z`,
    durationMs: 12,
    request: {
      method: 'POST',
      url: 'http://127.0.0.1:3000/hooks?x=1',
      headers: { 'content-type': 'application/json', 'x-webhook-signature': 'abc=' },
      body: '{"id":"evt_1"}',
      insecure: false,
      timeoutMs: 10_000,
    },
    ...(status === undefined
      ? { error: { kind: 'refused', message: 'connection refused' } }
      : {
          response: {
            status,
            statusText: status === 200 ? 'OK' : 'Internal Server Error',
            headers: { 'content-type': 'text/plain' },
            body: 'done',
            bodyBytes: 4,
            truncated: false,
          },
        }),
    outcome: status === 200 ? 'delivered' : 'retry',
  };
}

const delivery: DeliveryRecord = {
  id: 'dlv_1',
  eventId: 'evt_1',
  eventType: 'sync.completed',
  connectionId: 'conn_1',
  url: 'http://127.0.0.1:3000/hooks?x=1',
  scheme: 'makini',
  duplicate: { index: 1, of: 1 },
  status: 'delivered',
  createdAt: '2026-01-01T00:00:00.000Z',
  attempts: [attempt(1, undefined), attempt(2, 500), attempt(3, 200)],
};

suite('logStore deliveries and HAR export', () => {
  test('one HAR 1.2 entry per attempt, with request, response and timings', () => {
    const har = JSON.parse(exportDeliveriesHar([delivery])) as {
      log: { version: string; creator: { name: string }; entries: Record<string, Record<string, unknown>>[] };
    };
    assert.equal(har.log.version, '1.2');
    assert.equal(har.log.creator.name, 'makini-devtools');
    assert.equal(har.log.entries.length, 3);
    const [refused, failed, ok] = har.log.entries;
    assert.equal(refused?.response?.status, 0);
    assert.match(String(refused?.response?._error), /refused/);
    assert.equal(failed?.response?.status, 500);
    assert.equal(ok?.response?.status, 200);
    assert.deepEqual(ok?.request?.queryString, [{ name: 'x', value: '1' }]);
    assert.deepEqual(ok?.request?.postData, { mimeType: 'application/json', text: '{"id":"evt_1"}' });
    assert.deepEqual(ok?.response?.content, { size: 4, mimeType: 'text/plain', text: 'done' });
    for (const entry of har.log.entries) {
      for (const key of ['startedDateTime', 'time', 'request', 'response', 'cache', 'timings'])
        assert.ok(key in entry);
    }
  });

  test('deliveries persist in their own stream, filterable by status', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-deliveries-'));
    try {
      const store = LogStore.open({ dir, kind: deliveryKind });
      await store.append(delivery);
      store.close();
      const reopened = LogStore.open({ dir, kind: deliveryKind });
      assert.deepEqual(reopened.get('dlv_1'), delivery);
      assert.equal(reopened.query({ status: 200 }).total, 1);
      assert.equal(reopened.query({ type: 'sync.failed' }).total, 0);
      reopened.close();
      assert.ok(fs.readdirSync(dir).every((f) => f.startsWith('deliveries.')));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
