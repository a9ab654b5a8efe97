import * as assert from 'node:assert/strict';
import {
  backoffDelay,
  decideRetry,
  MAKINI_RETRY_WINDOW_MS,
  parseRetryAfter,
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

  test('reads Retry-After as seconds or an HTTP date', () => {
    const now = new Date('2025-06-01T12:00:00Z');
    assert.equal(parseRetryAfter('7', now), 7_000);
    assert.equal(parseRetryAfter('Sun, 01 Jun 2025 12:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('soon', now), undefined);
  });

  test('rejects out-of-range options', () => {
    assert.throws(() => retryPolicy({ maxAttempts: 0 }), RetryOptionsError);
    assert.throws(() => retryPolicy({ baseDelayMs: -1 }), RetryOptionsError);
  });
});
