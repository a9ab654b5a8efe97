import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { readLogRecords } from '../../../../src/core/logStore/readOnlyLog';
import { note, noteKind } from './noteKind';
import { FIRST_SEGMENT, TempLog } from './tempLog';

suite('logStore read-only reading', () => {
  let log: TempLog;
  setup(() => (log = new TempLog()));
  teardown(() => log.dispose());

  test('reads the newest version of each record, newest first, and leaves the files as they were', async () => {
    const store = log.open({ maxRecords: 100 });
    for (const n of [1, 2, 3]) await store.append(note(n));
    await store.append(note(2, { text: 'second version' }));
    store.close();
    // A write another process has not finished: reading must not cut it off.
    fs.appendFileSync(log.path(FIRST_SEGMENT), '{"id":"note_9","ti');
    const before = fs.readFileSync(log.path(FIRST_SEGMENT));

    const warnings: string[] = [];
    const records = readLogRecords(log.dir, noteKind, (w) => warnings.push(w));
    assert.deepEqual(
      records.map((r) => [r.id, r.text]),
      [
        ['note_2', 'second version'],
        ['note_3', note(3).text],
        ['note_1', note(1).text],
      ],
    );
    assert.ok(fs.readFileSync(log.path(FIRST_SEGMENT)).equals(before), 'the segment is unchanged');
    assert.equal(warnings.length, 1, warnings.join('\n'));
  });
});
