import * as assert from 'node:assert/strict';
import { abortOnInterrupt, untilSignal } from '../../../src/cli/untilSignal';

// process.emit calls the listeners only: no real signal reaches the test process.
suite('cli untilSignal', () => {
  test('untilSignal resolves with the first SIGINT or SIGTERM and then stops listening', async () => {
    const counts = () => ({ int: process.listenerCount('SIGINT'), term: process.listenerCount('SIGTERM') });
    const before = counts();
    const stopped = untilSignal();
    assert.deepEqual(counts(), { int: before.int + 1, term: before.term + 1 });
    process.emit('SIGTERM', 'SIGTERM');
    assert.equal(await stopped, 'SIGTERM');
    assert.deepEqual(counts(), before);
  });

  test('abortOnInterrupt: Ctrl-C aborts the signal the work was given', async () => {
    const before = process.listenerCount('SIGINT');
    const result = await abortOnInterrupt(async (signal) => {
      assert.equal(signal.aborted, false);
      const aborted = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      process.emit('SIGINT', 'SIGINT');
      await aborted;
      return 'stopped early';
    });
    assert.equal(result, 'stopped early');
    assert.equal(process.listenerCount('SIGINT'), before, 'the handler is removed');
  });

  test('abortOnInterrupt removes its handler when the work fails, and passes the failure on', async () => {
    const before = process.listenerCount('SIGINT');
    const failure = new Error('refused');
    await assert.rejects(
      abortOnInterrupt(() => Promise.reject(failure)),
      (e) => e === failure,
    );
    assert.equal(process.listenerCount('SIGINT'), before);
  });
});
