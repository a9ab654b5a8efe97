import * as assert from 'node:assert/strict';
import { MakiniApiError } from '../../../../src/core/api/apiErrors';
import { MakiniClient } from '../../../../src/core/api/makiniClient';
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

suite('api/makiniClient over the sandbox', () => {
  let f: ClientFixture;
  teardown(() => f.stop());

  test('lists every connection across pages with one admin token', async () => {
    f = await startClientFixture({ perPage: 3 });
    const connections = await f.client.listConnections();
    assert.equal(connections.length, 8);
    assert.deepEqual(
      connections.map((c) => c.key),
      f.sandbox.state.connections().map((c) => c.key),
    );
    assert.equal(f.count('GET /api/system/connections'), 3);
    await f.client.listConnections();
    assert.equal(f.count('POST /link/token'), 1, 'the admin token is cached');
  });

  test('pages through 250 generated connections', async () => {
    f = await startClientFixture({ perPage: 100 }, { connections: 250 });
    const connections = await f.client.listConnections();
    assert.equal(connections.length, 250);
    assert.equal(new Set(connections.map((c) => c.key)).size, 250);
    assert.equal(f.count('GET /api/system/connections'), 3);
  });

  test('renews the admin token shortly before it expires', async () => {
    let now = Date.now();
    f = await startClientFixture(
      { now: () => now, tokenSkewMs: 60_000 },
      { adminTokenTtlSeconds: 3600, now: () => now },
    );
    await f.client.listConnections();
    now += 3_500_000; // 100 s before expiry: still used
    await f.client.listConnections();
    assert.equal(f.count('POST /link/token'), 1);
    now += 60_000; // 40 s before expiry: inside the skew, renewed
    await f.client.listConnections();
    assert.equal(f.count('POST /link/token'), 2);
  });

  test('after a 401 it retries once with a fresh token', async () => {
    f = await startClientFixture();
    await f.client.listConnections();
    f.sandbox.tokens.expire();
    const connections = await f.client.listConnections();
    assert.equal(connections.length, 8);
    assert.equal(f.count('POST /link/token'), 2);
    assert.deepEqual(
      f.requests.filter((r) => r.line === 'GET /api/system/connections').map((r) => r.status),
      [200, 401, 200],
    );
  });

  test('reads integration status with a cached connection token', async () => {
    f = await startClientFixture();
    const [first, second] = f.sandbox.state.connections();
    const integration = await f.client.getIntegration(first?.key ?? '');
    assert.equal(integration.syncStatus, first?.syncStatus);
    assert.equal(integration.id, first?.key);
    await f.client.getIntegration(first?.key ?? '');
    await f.client.getIntegration(second?.key ?? '');
    assert.equal(f.count(`POST /api/system/connections/${first?.key ?? ''}/token`), 1);
    assert.equal(f.count(`POST /api/system/connections/${second?.key ?? ''}/token`), 1);
  });

  test('wrong client credentials are an http error with the Makini code, not retried', async () => {
    f = await startClientFixture({ clientSecret: 'wrong' });
    const error = await rejection(f.client.listConnections());
    assert.equal(error.code, 'http');
    assert.equal(error.status, 401);
    assert.equal(error.makiniCode, 'AUTHENTICATION_FAILED');
    assert.equal(error.attempts, 1);
    assert.equal(error.retriable, false);
    assert.match(error.requestId ?? '', /^req_/);
    assert.deepEqual(f.sleeps, []);
  });

  test('an unknown connection is a 404 naming the connection', async () => {
    f = await startClientFixture();
    const error = await rejection(f.client.getIntegration('nope'));
    assert.equal(error.status, 404);
    assert.equal(error.connectionId, 'nope');
    assert.equal(error.operation, 'issueConnectionToken');
  });

  test('an unreachable API is a network error after the retries', async () => {
    f = await startClientFixture();
    const url = f.sandbox.url ?? '';
    await f.sandbox.stop();
    const offline = new MakiniClient({
      baseUrl: url,
      clientId: 'a',
      clientSecret: 'b',
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    });
    try {
      const error = await rejection(offline.listConnections());
      assert.equal(error.code, 'network');
      assert.equal(error.attempts, 2);
      assert.equal(error.retriable, true);
    } finally {
      offline.dispose();
    }
  });

  test('the support report carries what support asks for, and no secret', async () => {
    f = await startClientFixture({ retry: { maxAttempts: 2, baseDelayMs: 1 } });
    const key = f.sandbox.state.connections()[0]?.key ?? '';
    f.sandbox.faults.enqueue([{ kind: 'server_error' }, { kind: 'server_error' }, { kind: 'server_error' }]);
    const error = await rejection(f.client.getIntegration(key));
    const report = supportReport(error, new Date('2025-01-02T03:04:05Z'));
    const text = formatSupportReport(report);
    assert.match(text, /Time: 2025-01-02T03:04:05.000Z/);
    assert.match(text, /Operation: getAdminToken|Operation: issueConnectionToken/);
    assert.match(text, /HTTP status: 500/);
    assert.ok(error.requestId && text.includes(`Request ID: ${error.requestId}`));
    assert.ok(f.requests.some((r) => r.requestId === error.requestId && r.status === 500));
    assert.ok(!text.includes('sandbox-secret'), 'the client secret is never in a report');
    assert.equal(formatSupportReport(supportReport(new Error('boom'))).includes('Message: boom'), true);
  });
});
