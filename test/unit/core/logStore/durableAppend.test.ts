import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { LogStoreError } from '../../../../src/core/logStore/logStoreError';
import { note } from './noteKind';
import { FIRST_SEGMENT, TempLog } from './tempLog';

/** Lines of `file`, without the empty string after the last newline. */
function linesOf(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

/** How many write system calls this process has made (Linux). */
function writeCalls(): number {
  const match = /^syscw:\s*(\d+)$/m.exec(fs.readFileSync('/proc/self/io', 'utf8'));
  assert.ok(match?.[1], 'syscw in /proc/self/io');
  return Number(match[1]);
}

/**
 * Makes the store's descriptor for `file` unwritable from under it: closes it and opens the file
 * read-only, which takes the lowest free number, the one just closed (Linux, through /proc).
 */
function makeUnwritable(file: string): void {
  const real = fs.realpathSync(file);
  const fds = fs
    .readdirSync('/proc/self/fd')
    .map(Number)
    .filter((fd) => {
      try {
        return fs.readlinkSync(`/proc/self/fd/${fd}`) === real;
      } catch {
        return false;
      }
    });
  assert.equal(fds.length, 1, `descriptors open on ${file}`);
  const [fd] = fds as [number];
  fs.closeSync(fd);
  assert.equal(fs.openSync(file, 'r'), fd, 'the read-only descriptor took the number of the closed one');
}

suite('logStore durable append', () => {
  let log: TempLog;

  setup(() => {
    log = new TempLog();
  });

  teardown(() => log.dispose());

  test('an append resolves only once its line is in the file; queries see the record at once', async () => {
    const store = log.open();
    const file = log.path(FIRST_SEGMENT);
    const written = store.append(note(1));
    assert.equal(fs.statSync(file).size, 0, 'nothing is written before the turn ends');
    assert.equal(store.get('note_1')?.id, 'note_1');
    await written.then(() => {
      const lines = linesOf(file);
      assert.equal(lines.length, 1);
      assert.match(lines[0] ?? '', /"id":"note_1"/);
    });
  });

  test('appends of one turn are written together, and each resolves only after all are in the file', async () => {
    const store = log.open();
    const file = log.path(FIRST_SEGMENT);
    const burst = Array.from({ length: 32 }, (_, i) => store.append(note(i + 1)));
    assert.equal(fs.statSync(file).size, 0);
    const seen = await Promise.all(burst.map((written) => written.then(() => linesOf(file).length)));
    assert.deepEqual(seen, Array<number>(32).fill(32));
    // A later turn is a batch of its own.
    const next = store.append(note(33));
    assert.equal(linesOf(file).length, 32);
    await next;
    assert.equal(linesOf(file).length, 33);
  });

  test('a burst of appends costs one write system call', function () {
    if (!fs.existsSync('/proc/self/io')) this.skip();
    const store = log.open();
    const burst = Array.from({ length: 32 }, (_, i) => store.append(note(i + 1, { text: 'ü'.repeat(i) })));
    const before = writeCalls();
    store.flush();
    assert.equal(writeCalls() - before, 1);
    assert.equal(linesOf(log.path(FIRST_SEGMENT)).length, 32);
    return Promise.all(burst);
  });

  test('close writes pending appends first and resolves them', async () => {
    const store = log.open({ fsync: true });
    const written = [store.append(note(1)), store.append(note(2))];
    store.close();
    assert.equal(linesOf(log.path(FIRST_SEGMENT)).length, 2);
    await Promise.all(written);
    assert.deepEqual(
      log
        .open()
        .query()
        .records.map((n) => n.id),
      ['note_2', 'note_1'],
    );
  });

  test('a failed write rejects its whole batch with writeFailed, and its records are not kept', async function () {
    if (!fs.existsSync('/proc/self/fd')) this.skip();
    const store = log.open();
    const file = log.path(FIRST_SEGMENT);
    await store.append(note(1, { status: 500 }));
    makeUnwritable(file);
    const failed = [store.append(note(1, { status: 200 })), store.append(note(2))];
    for (const written of failed) {
      await assert.rejects(
        written,
        (error: unknown) => LogStoreError.is(error, 'writeFailed') && error.message.includes(file),
      );
    }
    assert.equal(store.get('note_2'), undefined);
    assert.equal(store.get('note_1')?.status, 500, 'the version the failed one superseded is back');
    assert.deepEqual(
      store.query().records.map((n) => n.id),
      ['note_1'],
    );
    assert.equal(store.size, 1);
    // The store carries on in a fresh segment, and the file it failed on holds only what was stored.
    await store.append(note(3));
    store.close();
    assert.equal(linesOf(file).length, 1);
    const reopened = log.open();
    assert.equal(reopened.openReport.corruptLines, 0);
    assert.deepEqual(
      reopened.query().records.map((n) => n.id),
      ['note_3', 'note_1'],
    );
    assert.equal(reopened.get('note_1')?.status, 500);
  });
});
