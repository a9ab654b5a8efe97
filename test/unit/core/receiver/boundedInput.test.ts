import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildEvent } from '../../../../src/core/events/catalog';
import { LogStore } from '../../../../src/core/logStore/logStore';
import { DuplicateDetector } from '../../../../src/core/receiver/duplicateDetector';
import { MAX_FIELD_BYTES } from '../../../../src/core/receiver/fieldLimits';
import { receiptKind, type ReceiptRecord } from '../../../../src/core/receiver/receiptRecord';
import { request, startReceiver, stopReceivers } from './receiverFixture';

const MIB = 1024 * 1024;

/** The RSS once garbage is collected (mocha runs with --expose-gc), so only what is held counts. */
function settledRss(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}

/** A catalog event whose id (and type and connection id, when asked) is `bytes` long. */
function hugeEvent(n: number, bytes: number, fields: readonly string[] = ['id']): Buffer {
  const event: Record<string, unknown> = { ...buildEvent('sync.completed', { connectionId: 'conn_big' }) };
  for (const field of fields) event[field] = `${field}_${n}_`.padEnd(bytes, 'x');
  return Buffer.from(JSON.stringify(event));
}

const post = (url: string, body: Buffer) =>
  request(url, { headers: { 'content-type': 'application/json' }, body });

suite('receiver: bounded memory for any input', () => {
  let dir: string | undefined;
  teardown(async () => {
    await stopReceivers();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  test('an id, type or connection id over 256 bytes is answered 400 and recorded cut and marked', async () => {
    const { url, receipts } = await startReceiver({ settings: { maxBodyBytes: 4 * MIB } });
    const answer = await post(url, hugeEvent(1, MIB, ['id', 'connection_id']));
    assert.equal(answer.status, 400);
    assert.equal(answer.json().error, 'field_too_long');
    assert.match(String(answer.json().message), /'id', 'connection_id' are longer than 256 bytes/);
    const receipt = receipts[0];
    assert.ok(receipt);
    assert.deepEqual(receipt.fieldsCut, ['id', 'connection_id']);
    assert.equal(receipt.verdict.outcome, 'rejected');
    assert.equal(receipt.verdict.reason, 'field_too_long');
    for (const value of [receipt.eventId ?? '', receipt.connectionId ?? '']) {
      assert.ok(Buffer.byteLength(value) <= MAX_FIELD_BYTES, `kept ${Buffer.byteLength(value)} bytes`);
      assert.ok(value.endsWith('…'));
    }
  });

  test('header values are kept cut to 256 bytes', async () => {
    const { url, receipts } = await startReceiver();
    await request(url, {
      headers: { 'content-type': 'application/json', 'x-long': 'y'.repeat(8000) },
      body: '{}',
    });
    const kept = receipts[0]?.headers['x-long'] ?? '';
    assert.ok(Buffer.byteLength(kept) <= MAX_FIELD_BYTES && kept.endsWith('…'), `kept ${kept.length}`);
  });

  for (const withLog of [false, true]) {
    test(`300 requests with 1 MiB ids leave the RSS within 100 MB (${withLog ? 'with' : 'without'} a log)`, async function () {
      this.timeout(60_000);
      let store: LogStore<ReceiptRecord> | undefined;
      if (withLog) {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-bounded-'));
        store = LogStore.open({ dir, kind: receiptKind, maxRecords: 100_000 });
      }
      const { url, receipts } = await startReceiver({ settings: { maxBodyBytes: 4 * MIB }, store });
      const fields = ['id', 'type', 'connection_id'];
      for (let n = 0; n < 10; n++) await post(url, hugeEvent(n, MIB, fields)); // Warm-up: buffers, JIT.
      receipts.length = 0;
      const before = settledRss();
      let received = 0;
      for (let n = 10; n < 310; n++) {
        await post(url, hugeEvent(n, MIB, fields));
        // What the receiver holds is measured, not this test's own list of what it announced.
        received += receipts.splice(0).length;
      }
      const grown = (settledRss() - before) / MIB;
      store?.close();
      assert.equal(received, 300);
      assert.ok(grown < 100, `RSS grew by ${grown.toFixed(0)} MB`);
    });
  }

  test('the duplicate detector is bounded by bytes as well as by count', () => {
    const detector = new DuplicateDetector({ maxIds: 1_000_000, maxBytes: 100_000 });
    for (let n = 0; n < 1000; n++) detector.remember(`evt_${n}_`.padEnd(1000, 'z'));
    assert.ok(detector.sizeBytes <= 100_000, `${detector.sizeBytes} bytes held`);
    assert.ok(detector.size > 10 && detector.size < 1000, `${detector.size} ids held`);
    assert.equal(detector.has(`evt_999_`.padEnd(1000, 'z')), true, 'the newest id is remembered');
    assert.equal(detector.has(`evt_0_`.padEnd(1000, 'z')), false, 'the oldest was forgotten');
  });
});
