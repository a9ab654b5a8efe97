import * as assert from 'node:assert/strict';
import axios from 'axios';
import { abortableDelay } from '../../../../src/core/timing/abortableDelay';
import { MakiniApiError } from '../../../../src/core/api/apiErrors';
import { runRequest, type RunnerDeps } from '../../../../src/core/api/requestRunner';
import { formatSupportReport, supportReport } from '../../../../src/core/api/supportReport';
import { startClientFixture, type ClientFixture } from './clientFixture';

async function rejection(promise: Promise<unknown>): Promise<MakiniApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof MakiniApiError, `expected a MakiniApiError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

suite('api/makiniClient faults', () => {
  let f: ClientFixture;
  setup(async () => {
    f = await startClientFixture({ timeoutMs: 150 });
    await f.client.listConnections(); // The admin token is cached, so faults hit the listing.
    f.requests.length = 0;
  });
  teardown(() => f.stop());

  test('500s are retried with growing backoff, then succeed', async () => {
    f.sandbox.faults.enqueue([{ kind: 'server_error' }, { kind: 'server_error' }]);
    assert.equal((await f.client.listConnections()).length, 8);
    assert.deepEqual(
      f.requests.map((r) => r.status),
      [500, 500, 200],
    );
    assert.equal(f.sleeps.length, 2);
    assert.ok(
      f.sleeps.every((ms) => ms >= 0 && ms <= 5),
      `backoff within the cap: ${f.sleeps.join(',')}`,
    );
  });

  test('a 429 waits what Retry-After says', async () => {
    f.sandbox.faults.enqueue([{ kind: 'rate_limited', retryAfterSeconds: 2 }]);
    assert.equal((await f.client.listConnections()).length, 8);
    assert.deepEqual(f.sleeps, [2000]);
  });

  test('a Retry-After beyond the limit ends the retries with a typed error saying the wait asked', async () => {
    f.sandbox.faults.enqueue([{ kind: 'rate_limited', retryAfterSeconds: 3600 }]);
    const error = await rejection(f.client.listConnections());
    assert.equal(error.code, 'retryAfterTooLong');
    assert.equal(error.retryAfterMs, 3_600_000);
    assert.equal(error.limit, 60_000);
    assert.match(error.message, /retry after 3600 s, longer than this client waits: 60 s/);
    assert.deepEqual(f.sleeps, []);
    assert.equal(error.status, 429);
    assert.equal(error.makiniCode, 'RATE_LIMIT_EXCEEDED');
    assert.equal(error.retriable, true);
    assert.equal(error.attempts, 1);
  });

  test('a huge Retry-After (1e12 s) is refused the same way, never waited or repeated', async () => {
    f.sandbox.faults.enqueue([{ kind: 'rate_limited', retryAfterSeconds: 1e12 }]);
    const error = await rejection(f.client.listConnections());
    assert.equal(error.code, 'retryAfterTooLong');
    assert.equal(error.retryAfterMs, 1e15);
    assert.equal(f.count('GET /api/system/connections'), 1);
    assert.deepEqual(f.sleeps, []);
  });

  test('a hung request times out and is retried', async () => {
    f.sandbox.faults.enqueue([{ kind: 'hang' }]);
    assert.equal((await f.client.listConnections()).length, 8);
    assert.equal(f.sleeps.length, 1);
  });

  test('an expired token is renewed and the request repeated', async () => {
    f.sandbox.faults.enqueue([{ kind: 'expired_token' }]);
    assert.equal((await f.client.listConnections()).length, 8);
    assert.deepEqual(
      f.requests.map((r) => `${r.line} ${r.status}`),
      ['GET /api/system/connections 401', 'POST /link/token 200', 'GET /api/system/connections 200'],
    );
  });

  test('retries exhausted: the error and its support report carry the request ID', async () => {
    f.sandbox.faults.enqueue(Array.from({ length: 4 }, () => ({ kind: 'server_error' as const })));
    const error = await rejection(f.client.listConnections());
    assert.equal(error.code, 'http');
    assert.equal(error.status, 500);
    assert.equal(error.makiniCode, 'INTERNAL_ERROR');
    assert.equal(error.attempts, 4);
    assert.equal(error.retriable, true);
    assert.equal(error.operation, 'listConnections');
    assert.equal(error.requestId, f.requests.at(-1)?.requestId);
    assert.match(
      formatSupportReport(supportReport(error)),
      new RegExp(`Request ID: ${error.requestId ?? 'none'}`),
    );
  });

  test('hung every time: a timeout error after the retries', async () => {
    f.sandbox.faults.enqueue(Array.from({ length: 4 }, () => ({ kind: 'hang' as const })));
    const error = await rejection(f.client.listConnections());
    assert.equal(error.code, 'timeout');
    assert.equal(error.attempts, 4);
  });

  test('an answer that is not JSON is a malformed error, not retried', async () => {
    f.sandbox.faults.enqueue([{ kind: 'malformed' }]);
    const error = await rejection(f.client.listConnections());
    assert.equal(error.code, 'malformed');
    assert.equal(error.endpoint, 'GET /api/system/connections');
    assert.equal(error.attempts, 1);
    assert.match(error.requestId ?? '', /^req_/);
  });

  test('a request not safe to repeat is not retried', async () => {
    f.sandbox.faults.enqueue([{ kind: 'server_error' }]);

    const http = axios.create({
      baseURL: f.sandbox.url,
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(d: unknown) => d],
    });
    const deps = {
      http,
      policy: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1000 },
      limits: { maxAnswerBytes: 1024 * 1024, deadlineMs: 5000 },
      random: () => 0.5,
      now: Date.now,
      sleep: () => Promise.resolve(true),
    } satisfies RunnerDeps;
    const request = {
      operation: 'createConnection',
      method: 'POST',
      path: '/api/system/connections',
      body: {},
      safeToRepeat: false,
    } as const;
    const error = await rejection(runRequest(deps, request));
    assert.equal(error.status, 500);
    assert.equal(error.attempts, 1);
  });

  test('an abort during backoff stops the retries', async () => {
    const controller = new AbortController();
    const waits: number[] = [];
    // The backoff, seen through the client's own `sleep` option: a real wait that honours the
    // signal, aborted once it has begun. A wait that ignored the abort would last a minute.
    const g = await startClientFixture({
      retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
      sleep: (ms, signal) => {
        waits.push(ms);
        setImmediate(() => controller.abort());
        return abortableDelay(ms, signal);
      },
    });
    try {
      await g.client.listConnections(); // The admin token is cached, so faults hit the listing.
      g.requests.length = 0;
      g.sandbox.faults.enqueue([{ kind: 'server_error' }, { kind: 'server_error' }]);
      const started = performance.now();
      const error = await rejection(g.client.listConnections({ signal: controller.signal }));
      assert.equal(error.code, 'aborted');
      assert.equal(error.retriable, false);
      assert.equal(waits.length, 1, 'one backoff began');
      assert.ok(waits[0] !== undefined && waits[0] >= 30_000, `the backoff asked ${waits[0]} ms`);
      assert.deepEqual(
        g.requests.map((r) => r.status),
        [500],
        'no attempt after the abort',
      );
      assert.ok(performance.now() - started < 5000, 'the abort ended the wait');
    } finally {
      await g.stop();
    }
  });
});
