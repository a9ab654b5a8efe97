import * as assert from 'node:assert/strict';
import { retryAfterMs } from '../../../../src/core/net/retryAfter';

suite('net/retryAfter', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');

  test('reads Retry-After as seconds or an HTTP date', () => {
    assert.equal(retryAfterMs('7', now), 7_000);
    assert.equal(retryAfterMs(' 1.5 ', now), 1_500);
    assert.equal(retryAfterMs('Sun, 01 Jun 2025 12:00:30 GMT', now), 30_000);
    assert.equal(retryAfterMs('Sun, 01 Jun 2025 11:00:00 GMT', now), 0);
  });

  test('absent or unreadable is undefined; absurd values are kept, capped', () => {
    assert.equal(retryAfterMs(undefined, now), undefined);
    assert.equal(retryAfterMs('  ', now), undefined);
    assert.equal(retryAfterMs('soon', now), undefined);
    assert.equal(retryAfterMs('1000000000000', now), 1e15);
    assert.equal(retryAfterMs('9'.repeat(400), now), Number.MAX_SAFE_INTEGER);
  });
});
