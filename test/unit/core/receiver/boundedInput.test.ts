import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildEvent } from '../../../../src/core/events/catalog';
import { LogStore } from '../../../../src/core/logStore/logStore';
import { DuplicateDetector } from '../../../../src/core/receiver/duplicateDetector';
import { MAX_FIELD_BYTES } from '../../../../src/core/receiver/fieldLimits';
import { receiptKind } from '../../../../src/core/receiver/receiptRecord';
import { ReceiverServer } from '../../../../src/core/receiver/receiverServer';
import { startNode } from '../../../support/nodeProcess';
import { request, startReceiver, stopReceivers } from './receiverFixture';

const MIB = 1024 * 1024;

const CHILD_ENV = 'MAKINI_BOUNDED_RECEIVER_CHILD';

/** In the child: a receiver (logging to the directory named, if any) that collects garbage often. */
async function receiveInChild(dir: string): Promise<void> {
  const store = dir === '' ? undefined : LogStore.open({ dir, kind: receiptKind, maxRecords: 100_000 });
  const receiver = new ReceiverServer({ settings: { maxBodyBytes: 4 * MIB }, store });
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) setInterval(gc, 100);
  fs.writeSync(1, `${await receiver.start()}\n`);
}

/** A process's resident memory, read by the kernel, after a moment for its garbage collection. */
async function settledRss(pid: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** A catalog event whose id (and type and connection id, when asked) is `bytes` long. */
function hugeEvent(n: number, bytes: number, fields: readonly string[] = ['id']): Buffer {
  const event: Record<string, unknown> = { ...buildEvent('sync.completed', { connectionId: 'conn_big' }) };
  for (const field of fields) event[field] = `${field}_${n}_`.padEnd(bytes, 'x');
  return Buffer.from(JSON.stringify(event));
}

const post = (url: string, body: Buffer) =>
  request(url, { headers: { 'content-type': 'application/json' }, body });

const childDir = process.env[CHILD_ENV];
if (childDir !== undefined) void receiveInChild(childDir);
else
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
      test(`300 requests with 1 MiB ids leave the receiver's RSS within 100 MB (${withLog ? 'with' : 'without'} a log)`, async function () {
        this.timeout(90_000);
        if (withLog) dir = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-bounded-'));
        // The receiver runs alone in a child, so only what it holds is measured, not this client's buffers.
        const child = startNode(__filename, [], {
          env: { [CHILD_ENV]: dir ?? '', NODE_OPTIONS: '--expose-gc', MALLOC_ARENA_MAX: '2' },
        });
        try {
          const url = await child.line(0);
          const fields = ['id', 'type', 'connection_id'];
          for (let n = 0; n < 10; n++) await post(url, hugeEvent(n, MIB, fields)); // Warm-up: buffers, JIT.
          const before = await settledRss(child.child.pid ?? 0);
          const statuses = new Set<number>();
          for (let n = 10; n < 310; n++) statuses.add((await post(url, hugeEvent(n, MIB, fields))).status);
          const grown = ((await settledRss(child.child.pid ?? 0)) - before) / MIB;
          assert.deepEqual([...statuses], [400]);
          assert.ok(grown < 100, `RSS grew by ${grown.toFixed(0)} MB`);
        } finally {
          child.child.kill('SIGKILL');
          await child.exit();
        }
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
