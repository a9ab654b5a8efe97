import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LogStore } from '../../../../src/core/logStore/logStore';
import { LogStoreError } from '../../../../src/core/logStore/logStoreError';
import { listSegments } from '../../../../src/core/logStore/segmentFiles';
import { appendNotes, type Note, note, noteKind } from './noteKind';

suite('logStore', () => {
  let dir: string;
  const open: LogStore<Note>[] = [];

  function openStore(maxRecords?: number, warnings?: string[]): LogStore<Note> {
    const store = LogStore.open({ dir, kind: noteKind, maxRecords, onWarning: (w) => warnings?.push(w) });
    open.push(store);
    return store;
  }

  /** Stores notes 1 to `count`, then rewrites the segment's lines as `damage` makes them. */
  async function writeDamaged(
    count: number,
    damage: (good: string[]) => (string | undefined)[],
  ): Promise<void> {
    const store = openStore();
    await appendNotes(store, 1, count);
    store.close();
    const [segment] = listSegments(dir, 'receipts');
    assert.ok(segment);
    fs.writeFileSync(segment.file, damage(fs.readFileSync(segment.file, 'utf8').split('\n')).join('\n'));
  }

  setup(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-log-'));
  });

  teardown(() => {
    for (const store of open.splice(0)) store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('records persist across a close and reopen, newest first', async () => {
    const store = openStore();
    await appendNotes(store, 1, 5);
    store.close();
    const reopened = openStore();
    assert.equal(reopened.openReport.records, 5);
    assert.deepEqual(
      reopened.query().records.map((n) => n.id),
      ['note_5', 'note_4', 'note_3', 'note_2', 'note_1'],
    );
    assert.deepEqual(reopened.get('note_3'), note(3));
    assert.equal(reopened.get('missing'), undefined);
  });

  test('queries page and filter', async () => {
    const store = openStore();
    await appendNotes(store, 1, 30);
    const page = store.query({ type: 'even', offset: 2, limit: 3 });
    assert.equal(page.total, 15);
    assert.deepEqual(
      page.records.map((n) => n.id),
      ['note_26', 'note_24', 'note_22'],
    );
    assert.equal(store.query({ status: 500 }).total, 10);
    assert.equal(store.query({ status: 500, type: 'odd' }).total, 5);
    assert.equal(store.query({ verified: true }).total, 0);
    assert.equal(store.query({ duplicate: false }).total, 30);
  });

  test('a newer version of a record supersedes the older one', async () => {
    const store = openStore();
    await Promise.all([store.append(note(1, { status: 500 })), store.append(note(1, { status: 200 }))]);
    assert.equal(store.query().total, 1);
    assert.equal(store.get('note_1')?.status, 200);
  });

  test('keeps only the newest maxRecords, on disk and in memory, across reopen', async () => {
    const store = openStore(8);
    await appendNotes(store, 1, 50);
    store.flush();
    assert.equal(store.query().total, 8);
    assert.equal(store.get('note_42'), undefined);
    assert.equal(store.get('note_43')?.id, 'note_43');
    // Rotation deletes whole segments: at most a quarter more than kept stays on disk.
    const onDisk = listSegments(dir, 'receipts').reduce(
      (sum, s) => sum + fs.readFileSync(s.file, 'utf8').split('\n').filter(Boolean).length,
      0,
    );
    assert.ok(onDisk >= 8 && onDisk <= 10, `records on disk: ${onDisk}`);
    store.close();
    const reopened = openStore(8);
    assert.deepEqual(
      reopened.query({ limit: 100 }).records.map((n) => n.id),
      [50, 49, 48, 47, 46, 45, 44, 43].map((i) => `note_${i}`),
    );
  });

  test('corrupt lines anywhere are skipped and counted, a torn tail is cut off, nothing readable lost', async () => {
    const torn = JSON.stringify(note(4)).slice(0, 20);
    await writeDamaged(3, (good) => [
      good[0],
      'not json at all',
      '{"id":"x"}',
      good[1],
      '\u0000\u0000garbage',
      good[2],
      torn,
    ]);
    const warnings: string[] = [];
    const reopened = openStore(undefined, warnings);
    assert.deepEqual(reopened.openReport, {
      records: 3,
      corruptLines: 3,
      tornTail: true,
      warnings: reopened.openReport.warnings,
    });
    assert.equal(warnings.length, 2);
    assert.match(warnings.join('\n'), /torn record/);
    assert.match(warnings.join('\n'), /has 3 unreadable lines; they were skipped\./);
    await reopened.append(note(5));
    reopened.close();
    const again = openStore();
    assert.deepEqual(
      again.query().records.map((n) => n.id),
      ['note_5', 'note_3', 'note_2', 'note_1'],
    );
  });

  test('one corrupt line is counted as one', async () => {
    await writeDamaged(2, (good) => [good[0], 'not json at all', good[1], '']);
    const warnings: string[] = [];
    assert.equal(openStore(undefined, warnings).openReport.corruptLines, 1);
    assert.match(warnings.join('\n'), /has 1 unreadable line; it was skipped\./);
  });

  test('damaged facets are counted on open; a damaged record behind good facets is skipped when read', async () => {
    const store = openStore();
    await appendNotes(store, 1, 3);
    store.close();
    const [segment] = listSegments(dir, 'receipts');
    assert.ok(segment);
    const lines = fs.readFileSync(segment.file, 'utf8').split('\n');
    const brokenFacets = '{"f":{"id":,"time":"x"},"r":{"id":"n"}}';
    const brokenRecord = `{"f":${JSON.stringify({ id: 'note_9', time: 't' })},"r":{"id":"note_9"}}`;
    fs.writeFileSync(segment.file, [lines[0], brokenFacets, lines[1], brokenRecord, lines[2], ''].join('\n'));
    const reopened = openStore();
    assert.equal(reopened.openReport.corruptLines, 1);
    assert.deepEqual(
      reopened.query().records.map((n) => n.id),
      ['note_3', 'note_2', 'note_1'],
    );
    assert.equal(reopened.get('note_9'), undefined);
  });

  test('an unwritable directory is a LogStoreError that says what to check', () => {
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, '');
    assert.throws(
      () => LogStore.open({ dir: path.join(file, 'logs'), kind: noteKind }),
      (error: unknown) =>
        error instanceof LogStoreError && error.code === 'openFailed' && /writable/.test(error.message),
    );
  });

  test('clear deletes every record on disk and in memory, and the store carries on', async () => {
    const store = openStore(8);
    await appendNotes(store, 1, 20);
    store.clear();
    assert.equal(store.size, 0);
    assert.deepEqual(store.query().records, []);
    assert.equal(store.get('note_20'), undefined);
    await store.append(note(21));
    store.close();
    const reopened = openStore(8);
    assert.equal(reopened.openReport.records, 1);
    assert.deepEqual(
      reopened.query().records.map((n) => n.id),
      ['note_21'],
    );
    assert.equal(listSegments(dir, 'receipts').length + listSegments(dir, 'deliveries').length, 1);
  });

  test('appending after close is rejected with a LogStoreError', async () => {
    const store = openStore();
    store.close();
    await assert.rejects(
      store.append(note(1)),
      (error: unknown) => error instanceof LogStoreError && error.code === 'closed',
    );
  });
});
