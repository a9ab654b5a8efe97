import * as assert from 'node:assert/strict';
import {
  attemptNext,
  attemptResult,
  describeAttempt,
  isPendingAttempt,
  formatMs,
  shortTarget,
  totalMs,
} from '../../../../src/host/deliveries/deliveryText';
import { attemptFixture, deliveryFixture } from './deliveryFixture';

suite('host/deliveries/deliveryText', () => {
  test('durations: milliseconds under a second, tenths of seconds above', () => {
    assert.equal(formatMs(0), '0 ms');
    assert.equal(formatMs(339.6), '340 ms');
    assert.equal(formatMs(999), '999 ms');
    assert.equal(formatMs(1000), '1.0 s');
    assert.equal(formatMs(61_250), '61.3 s');
  });

  test('an attempt reads as its status, or its error kind, and what comes next', () => {
    assert.equal(
      describeAttempt(attemptFixture(1)),
      'attempt 1: 500 Internal Server Error in 250 ms; next retry in 750 ms',
    );
    assert.equal(
      describeAttempt(attemptFixture(2, { nextRetryMs: 30_000, nextRetryBasis: 'retry_after' })),
      'attempt 2: 500 Internal Server Error in 250 ms; next retry in 30.0 s (from Retry-After)',
    );
    const refused = attemptFixture(3, {
      response: undefined,
      error: { kind: 'refused', message: 'ECONNREFUSED' },
      outcome: 'failed',
      stopReason: 'max_attempts',
    });
    assert.equal(attemptResult(refused), 'refused');
    assert.equal(
      describeAttempt(refused),
      'attempt 3: refused in 250 ms; gave up: that was the last attempt allowed (makini.delivery.maxAttempts)',
    );
    const delivered = attemptFixture(4, {
      response: { status: 204, statusText: '', headers: {}, body: '', bodyBytes: 0, truncated: false },
      outcome: 'delivered',
      nextRetryMs: undefined,
    });
    assert.equal(describeAttempt(delivered), 'attempt 4: 204 in 250 ms');
    assert.equal(attemptResult(attemptFixture(5, { response: undefined })), 'no answer');
  });

  test('total time runs from the first start to the last end; none without attempts', () => {
    assert.equal(totalMs(deliveryFixture([])), 0);
    assert.equal(totalMs(deliveryFixture([attemptFixture(1)])), 250);
    assert.equal(totalMs(deliveryFixture([attemptFixture(1), attemptFixture(2), attemptFixture(3)])), 2250);
  });

  test('a short target is host and path; text that is not a URL stays as it is', () => {
    assert.equal(
      shortTarget('https://app.example.com:8443/hooks/makini?x=1#y'),
      'app.example.com:8443/hooks/makini',
    );
    assert.equal(shortTarget('not a url'), 'not a url');
  });

  test('a past attempt says it was retried; only the pending one says when the next comes', () => {
    const first = attemptFixture(1);
    const second = attemptFixture(2);
    const live = deliveryFixture([first, second], { status: 'delivering' });
    assert.equal(isPendingAttempt(live, first), false);
    assert.equal(isPendingAttempt(live, second), true);
    assert.equal(attemptNext(first, false), 'retried after 750 ms');
    assert.equal(attemptNext(second, true), 'next retry in 750 ms');
    const done = deliveryFixture([first, second], { status: 'failed' });
    assert.equal(isPendingAttempt(done, second), false);
  });
});
