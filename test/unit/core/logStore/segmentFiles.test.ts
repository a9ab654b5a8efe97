import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { LogStore } from '../../../../src/core/logStore/logStore';
import { readSegment } from '../../../../src/core/logStore/readSegment';
import { listSegments } from '../../../../src/core/logStore/segmentFiles';
import { appendNotes, type Note, note, noteKind } from './noteKind';
import { FIRST_SEGMENT, TempLog } from './tempLog';

suite('logStore segment files', () => {
  let log: TempLog;

  setup(() => {
    log = new TempLog();
  });

  teardown(() => log.dispose());

  function ids(store: LogStore<Note>): string[] {
    return store.query({ limit: 100 }).records.map((n) => n.id);
  }

  test('segments rotate by size too: each stays within maxSegmentBytes, and reopening reads every record', async () => {
    const maxSegmentBytes = 4096;
    const store = log.open({ maxSegmentBytes });
    await appendNotes(store, 1, 10, { text: 'x'.repeat(1500) });
    // Larger than a segment may be: it gets a segment of its own.
    await store.append(note(11, { text: 'y'.repeat(10_000) }));
    await store.append(note(12));
    store.close();
    const segments = listSegments(log.dir, 'receipts');
    assert.ok(segments.length >= 6, `segments: ${segments.length}`);
    for (const { file } of segments) {
      const size = fs.statSync(file).size;
      const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
      assert.ok(size <= maxSegmentBytes || lines === 1, `${file}: ${size} bytes, ${lines} line(s)`);
    }
    const reopened = log.open({ maxSegmentBytes });
    assert.equal(reopened.openReport.records, 12);
    assert.deepEqual(
      ids(reopened),
      Array.from({ length: 12 }, (_, i) => `note_${12 - i}`),
    );
    assert.equal(reopened.get('note_11')?.text.length, 10_000);
  });

  test('a directory named like a segment is skipped with a warning naming it; the other segments stay', async () => {
    const store = log.open();
    await appendNotes(store, 1, 3);
    store.close();
    const odd = log.path('receipts.000002.jsonl');
    fs.mkdirSync(odd);
    const reopened = log.open();
    assert.equal(reopened.openReport.records, 3);
    assert.equal(log.warnings.length, 1);
    assert.ok(log.warnings[0]?.includes(odd), log.warnings[0]);
    assert.match(log.warnings[0] ?? '', /directory.*Remove or rename it/);
    // New records go above the odd name, which is left as it was.
    await reopened.append(note(4));
    reopened.close();
    assert.deepEqual(fs.readdirSync(odd), []);
    assert.deepEqual(log.names(), [FIRST_SEGMENT, 'receipts.000002.jsonl', 'receipts.000003.jsonl']);
    assert.deepEqual(ids(log.open()), ['note_4', 'note_3', 'note_2', 'note_1']);
  });

  test('CRLF line endings are read, without the CR in any line', async () => {
    const store = log.open();
    await appendNotes(store, 1, 3);
    store.close();
    const file = log.path(FIRST_SEGMENT);
    // As a Windows editor saves it, the last line's LF lost.
    const crlf = fs.readFileSync(file, 'utf8').replace(/\n/g, '\r\n').slice(0, -1);
    fs.writeFileSync(file, crlf);
    const contents = readSegment(noteKind, file);
    assert.equal(contents.corruptLines, 0);
    assert.equal(contents.lines.length, 3);
    const buffer = fs.readFileSync(file);
    for (const { offset, length } of contents.lines) {
      assert.equal(buffer.toString('utf8', offset, offset + length).at(-1), '}');
    }
    const reopened = log.open();
    assert.equal(reopened.openReport.corruptLines, 0);
    assert.equal(reopened.openReport.tornTail, false);
    assert.deepEqual(reopened.get('note_2'), note(2));
    await reopened.append(note(4));
    reopened.close();
    const again = log.open();
    assert.equal(again.openReport.corruptLines, 0);
    assert.deepEqual(ids(again), ['note_4', 'note_3', 'note_2', 'note_1']);
  });

  test('a symlinked newest segment is neither read nor written: new records go to a new segment', async () => {
    const store = log.open();
    await appendNotes(store, 1, 2);
    store.close();
    const segment = log.path(FIRST_SEGMENT);
    const target = log.path('moved.jsonl');
    fs.renameSync(segment, target);
    fs.symlinkSync(target, segment);
    const before = fs.readFileSync(target, 'utf8');
    const reopened = log.open();
    assert.equal(log.warnings.length, 1);
    assert.ok(log.warnings[0]?.includes(segment), log.warnings[0]);
    assert.match(log.warnings[0] ?? '', /symbolic link/);
    await reopened.append(note(3));
    reopened.close();
    assert.equal(fs.readFileSync(target, 'utf8'), before);
    assert.ok(fs.lstatSync(segment).isSymbolicLink());
    assert.ok(fs.lstatSync(log.path('receipts.000002.jsonl')).isFile());
    assert.deepEqual(ids(log.open()), ['note_3']);
  });

  test('rotating onto a name a symlink took meanwhile leaves the link alone and carries on', async () => {
    const store = log.open({ maxRecords: 4 }); // One record per segment.
    await store.append(note(1));
    const target = log.path('elsewhere.jsonl');
    fs.writeFileSync(target, '');
    const link = log.path('receipts.000002.jsonl');
    fs.symlinkSync(target, link);
    await store.append(note(2));
    await store.append(note(3));
    assert.equal(fs.readFileSync(target, 'utf8'), '');
    assert.ok(
      log.warnings.some((w) => w.includes(link)),
      log.warnings.join('\n'),
    );
    store.close();
    assert.deepEqual(ids(log.open({ maxRecords: 4 })), ['note_3', 'note_2', 'note_1']);
  });
});
