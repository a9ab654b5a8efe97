import * as assert from 'node:assert/strict';
import {
  backoffDelay,
  decideRetry,
  MAKINI_RETRY_WINDOW_MS,
  retryPolicy,
  RetryOptionsError,
} from '../../../../src/core/sender/retrySchedule';

suite('sender/retrySchedule', () => {
  test("Makini's schedule: 30 s, then doubling, within ±10% jitter, for 24 h", () => {
    const low = retryPolicy({ random: () => 0 });
    const high = retryPolicy({ random: () => 0.999999 });
    assert.equal(backoffDelay(low, 1), 27_000);
    assert.equal(backoffDelay(high, 1), 33_000);
    assert.equal(backoffDelay(retryPolicy({ jitter: 0 }), 4), 240_000);
    assert.equal(low.windowMs, MAKINI_RETRY_WINDOW_MS);
  });

  test('a base delay compresses the window and Retry-After alike', () => {
    const policy = retryPolicy({ baseDelayMs: 10, jitter: 0 });
    assert.equal(policy.windowMs, 28_800);
    assert.deepEqual(decideRetry(policy, { attempt: 1, elapsedMs: 0, status: 503, retryAfterMs: 120_000 }), {
      retry: true,
      delayMs: 40,
      basis: 'retry_after',
    });
    // Retry-After is ignored on statuses other than 429 and 503.
    assert.deepEqual(decideRetry(policy, { attempt: 2, elapsedMs: 0, status: 500, retryAfterMs: 120_000 }), {
      retry: true,
      delayMs: 20,
      basis: 'backoff',
    });
  });

  test('stops on 410, at max attempts, and past the window', () => {
    const policy = retryPolicy({ baseDelayMs: 10, maxAttempts: 3, jitter: 0 });
    assert.deepEqual(decideRetry(policy, { attempt: 1, elapsedMs: 0, status: 410 }), {
      retry: false,
      reason: 'gone',
    });
    assert.deepEqual(decideRetry(policy, { attempt: 3, elapsedMs: 0, status: 500 }), {
      retry: false,
      reason: 'max_attempts',
    });
    assert.deepEqual(
      decideRetry(retryPolicy({ baseDelayMs: 10, jitter: 0 }), { attempt: 2, elapsedMs: 28_790 }),
      {
        retry: false,
        reason: 'window_elapsed',
      },
    );
  });

  test('a Retry-After past what is left of the window ends the schedule, saying what it asked', () => {
    const policy = retryPolicy({ baseDelayMs: 10, jitter: 0 });
    assert.deepEqual(decideRetry(policy, { attempt: 1, elapsedMs: 0, status: 503, retryAfterMs: 1e15 }), {
      retry: false,
      reason: 'retry_after_beyond_window',
      retryAfterMs: 1e15,
    });
    // 60 s compressed is 20 ms: within the window at the start, past it near the end.
    assert.equal(
      decideRetry(policy, { attempt: 1, elapsedMs: 0, status: 429, retryAfterMs: 60_000 }).retry,
      true,
    );
    assert.deepEqual(
      decideRetry(policy, { attempt: 1, elapsedMs: 28_790, status: 429, retryAfterMs: 60_000 }),
      { retry: false, reason: 'retry_after_beyond_window', retryAfterMs: 60_000 },
    );
  });

  test('a larger base spaces attempts out but never stretches the window past 24 h', () => {
    const slow = retryPolicy({ baseDelayMs: 3_600_000, jitter: 0 });
    assert.equal(slow.windowMs, MAKINI_RETRY_WINDOW_MS);
    assert.equal(backoffDelay(slow, 2), 7_200_000);
    // 20 000 s stretched by the same factor is about 28 days: past Makini's 24 hours.
    assert.deepEqual(decideRetry(slow, { attempt: 1, elapsedMs: 0, status: 503, retryAfterMs: 20_000_000 }), {
      retry: false,
      reason: 'retry_after_beyond_window',
      retryAfterMs: 20_000_000,
    });
    // On Makini's own schedule 20 000 s (5.6 h) is within the window and is waited.
    assert.deepEqual(
      decideRetry(retryPolicy(), { attempt: 1, elapsedMs: 0, status: 503, retryAfterMs: 20_000_000 }),
      { retry: true, delayMs: 20_000_000, basis: 'retry_after' },
    );
  });

  test('rejects out-of-range options', () => {
    assert.throws(() => retryPolicy({ maxAttempts: 0 }), RetryOptionsError);
    assert.throws(() => retryPolicy({ baseDelayMs: -1 }), RetryOptionsError);
  });
});
