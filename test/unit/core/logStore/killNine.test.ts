import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LogStore } from '../../../../src/core/logStore/logStore';
import { note, noteKind } from './noteKind';
import { startNode } from '../../../support/nodeProcess';

const CHILD_ENV = 'MAKINI_LOG_STORE_KILL_CHILD';
const MAX_RECORDS = 2000;

/** In the child: append large records as fast as possible, rotating segments, until killed. */
function appendUntilKilled(dir: string): void {
  const store = LogStore.open({ dir, kind: noteKind, maxRecords: MAX_RECORDS });
  const text = 'x'.repeat(8000);
  for (let i = 1; ; i++) {
    void store.append(note(i, { text }));
    if (i % 7 === 0) store.flush();
    if (i === 700) fs.writeSync(1, 'ready\n');
  }
}

const childDir = process.env[CHILD_ENV];
if (childDir !== undefined) {
  appendUntilKilled(childDir);
} else {
  suite('logStore kill -9', () => {
    let dir: string;

    setup(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-kill-'));
    });

    teardown(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('a store killed mid-write reopens with every complete record and keeps appending', async () => {
      const child = startNode(__filename, [], { env: { [CHILD_ENV]: dir } });
      assert.equal(await child.line(0), 'ready');
      child.child.kill('SIGKILL');
      await child.exit();
      assert.equal(child.child.signalCode, 'SIGKILL');

      const warnings: string[] = [];
      const store = LogStore.open({
        dir,
        kind: noteKind,
        maxRecords: MAX_RECORDS,
        onWarning: (w) => warnings.push(w),
      });
      try {
        assert.equal(store.openReport.corruptLines, 0);
        const ids = store
          .query({ limit: MAX_RECORDS })
          .records.map((n) => Number(n.id.slice('note_'.length)));
        assert.ok(ids.length >= 700 - 7 && ids.length <= MAX_RECORDS, `records read: ${ids.length}`);
        // Newest first, with no gap: nothing complete was lost.
        ids.forEach((id, i) => assert.equal(id, (ids[0] ?? 0) - i));
        const next = (ids[0] ?? 0) + 1;
        await store.append(note(next));
        store.close();
        const reopened = LogStore.open({ dir, kind: noteKind, maxRecords: MAX_RECORDS });
        // The torn line was cut off at the first reopen: nothing damaged remains.
        assert.equal(reopened.openReport.corruptLines, 0);
        assert.equal(reopened.query({ limit: 1 }).records[0]?.id, `note_${next}`);
        reopened.close();
      } finally {
        store.close();
      }
    });
  });
}
