import * as assert from 'node:assert/strict';
import { setImmediate as turn } from 'node:timers/promises';
import { abortableDelay, MAX_TIMER_MS } from '../../../../src/core/timing/abortableDelay';

/**
 * Pending Node timers, to check that a cancelled wait leaves none behind. Counted after a turn of
 * the event loop, once the test runner has set its own timeout for the running test.
 */
async function timers(): Promise<number> {
  await turn();
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

/** Whether `promise` has settled after `ms` of other work. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await abortableDelay(ms);
  await turn();
  return settled;
}

suite('timing/abortableDelay', () => {
  test('a wait longer than one timer holds is not cut short, and an abort ends it at once', async () => {
    const before = await timers();
    const controller = new AbortController();
    const wait = abortableDelay(MAX_TIMER_MS + 1, controller.signal);
    // Node fires a timer set past its limit after 1 ms; a chained wait is still pending.
    assert.equal(await settledWithin(wait, 50), false);
    controller.abort();
    assert.equal(await wait, false);
    assert.equal(await timers(), before, 'no timer is left behind');
  });

  test('long waits are chained from chunks, and last the whole time asked', async () => {
    const started = performance.now();
    const wait = abortableDelay(120, undefined, 25);
    assert.equal(await settledWithin(wait, 60), false, 'not over after a few chunks');
    assert.equal(await wait, true);
    assert.ok(performance.now() - started >= 119, 'the chunks add up to the whole wait');
  });

  test('an abort between chunks ends the wait promptly', async () => {
    const before = await timers();
    const controller = new AbortController();
    const wait = abortableDelay(60_000, controller.signal, 10);
    await abortableDelay(35);
    controller.abort();
    assert.equal(await settledWithin(wait, 0), true);
    assert.equal(await wait, false);
    assert.equal(await timers(), before);
  });

  test('an aborted signal resolves false at once; nonsense delays are a RangeError', async () => {
    assert.equal(await abortableDelay(10, AbortSignal.abort()), false);
    assert.throws(() => abortableDelay(Number.NaN), RangeError);
    assert.throws(() => abortableDelay(-1), RangeError);
    assert.throws(() => abortableDelay(1, undefined, MAX_TIMER_MS + 1), RangeError);
  });

  test('a wait past the timer limit ends false at once on abort', async () => {
    const controller = new AbortController();
    const wait = abortableDelay(MAX_TIMER_MS * 2, controller.signal);
    assert.equal(await settledWithin(wait, 30), false);
    controller.abort(new Error('stop'));
    assert.equal(await wait, false);
  });
});
