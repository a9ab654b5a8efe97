import * as assert from 'node:assert/strict';
import { Sandbox, SANDBOX_CREDENTIALS } from '../../../../src/core/sandbox/sandbox';
import { OpenApiValidator } from './openApiValidator';
import { call, field } from './sandboxHttp';

const validator = new OpenApiValidator();

async function adminToken(base: string): Promise<string> {
  const answer = await call(base, 'POST', '/link/token', {
    body: {
      grant_type: 'client_credentials',
      client_id: SANDBOX_CREDENTIALS.clientId,
      client_secret: SANDBOX_CREDENTIALS.clientSecret,
    },
  });
  assert.equal(answer.status, 200);
  return String(field(answer.body, 'access_token'));
}

suite('sandbox API', () => {
  let sandbox: Sandbox;
  let base: string;
  let admin: string;

  setup(async () => {
    sandbox = new Sandbox({ seed: 7 });
    base = await sandbox.start();
    admin = await adminToken(base);
  });

  teardown(() => sandbox.stop());

  test('wrong client credentials get 401 with a Makini-style error and request ID', async () => {
    const answer = await call(base, 'POST', '/link/token', {
      body: { grant_type: 'client_credentials', client_id: 'makini-sandbox', client_secret: 'wrong' },
    });
    assert.equal(answer.status, 401);
    assert.equal(field(answer.body, 'code'), 'AUTHENTICATION_FAILED');
    assert.equal(field(answer.body, 'type'), 'authentication_error');
    assert.match(String(field(answer.body, 'message')), /credentials/);
    assert.equal(field(answer.body, 'request_id'), answer.headers.get('x-request-id'));
    assert.match(answer.headers.get('x-request-id') ?? '', /^req_[0-9a-f]{32}$/);
  });

  test('lists the eight demo connections across pages, valid against the document', async () => {
    const first = await call(base, 'GET', '/api/system/connections?per_page=3', { token: admin });
    assert.equal(first.status, 200);
    assert.deepEqual(validator.errors('GET', '/api/system/connections', first.body), []);
    assert.equal(field(first.body, 'meta', 'total'), 8);
    assert.equal(field(first.body, 'meta', 'last_page'), 3);
    assert.equal(field(first.body, 'links', 'prev'), null);
    const next = String(field(first.body, 'links', 'next'));
    assert.equal(next, `${base}api/system/connections?page=2&per_page=3`);
    const last = await call(base, 'GET', '/api/system/connections?page=3&per_page=3', { token: admin });
    assert.deepEqual(validator.errors('GET', '/api/system/connections', last.body), []);
    assert.equal((field(last.body, 'data') as unknown[]).length, 2);
    assert.equal(field(last.body, 'links', 'next'), null);
    const providers = sandbox.state.connections().map((c) => c.integrationName);
    assert.deepEqual(providers.length, 8);
    assert.ok(providers.includes('SAP PM') && providers.includes('MaintainX'));
  });

  test('a connection token reads the integration status, valid against the document', async () => {
    const key = sandbox.state.connections()[0]?.key ?? '';
    const issued = await call(base, 'POST', `/api/system/connections/${key}/token`, { token: admin });
    assert.deepEqual(validator.errors('POST', '/api/system/connections/{id}/token', issued.body), []);
    assert.equal(field(issued.body, 'data', 'expires_in'), 300);
    const token = String(field(issued.body, 'data', 'token'));
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const current = await call(base, 'GET', '/api/integrations/current', { token });
    assert.equal(current.status, 200);
    assert.deepEqual(validator.errors('GET', '/api/integrations/current', current.body), []);
    assert.equal(field(current.body, 'data', 'sync_status'), 'done');
    const platforms = await call(base, 'GET', '/api/system/platforms', { token: admin });
    assert.deepEqual(validator.errors('GET', '/api/system/platforms', platforms.body), []);
  });

  test('the validator rejects an answer that breaks the document', () => {
    const errors = validator.errors('GET', '/api/system/connections', { data: [{ key: 5 }] });
    assert.ok(
      errors.some((e) => e.includes('/data/0/key')),
      errors.join('; '),
    );
  });

  test('tokens are checked: none, unknown, or the wrong kind get 401', async () => {
    assert.equal((await call(base, 'GET', '/api/system/connections')).status, 401);
    const unknown = await call(base, 'GET', '/api/system/connections', { token: 'a.b.c' });
    assert.equal(field(unknown.body, 'code'), 'INVALID_TOKEN');
    const wrongKind = await call(base, 'GET', '/api/integrations/current', { token: admin });
    assert.equal(wrongKind.status, 401);
    const missing = await call(base, 'POST', '/api/system/connections/nope/token', { token: admin });
    assert.equal(missing.status, 404);
  });
});

suite('sandbox control endpoints', () => {
  let sandbox: Sandbox;
  let base: string;

  setup(async () => {
    sandbox = new Sandbox({ seed: 3 });
    base = await sandbox.start();
  });

  teardown(() => sandbox.stop());

  test('set status, sync status and online flag, each emitting one change', async () => {
    const key = sandbox.state.connections()[0]?.key ?? '';
    const kinds: string[] = [];
    sandbox.onEvent((e) => {
      if (e.type === 'change') kinds.push(e.change.kind);
    });
    await call(base, 'POST', `/_sandbox/connections/${key}/status`, { body: { status: 'Inactive' } });
    await call(base, 'POST', `/_sandbox/connections/${key}/sync-status`, { body: { sync_status: 'error' } });
    const online = await call(base, 'POST', `/_sandbox/connections/${key}/online`, {
      body: { online: false },
    });
    assert.equal(online.status, 200);
    const state = await call(base, 'GET', '/_sandbox/state');
    const connection = (field(state.body, 'connections') as unknown[]).find((c) => field(c, 'key') === key);
    assert.equal(field(connection, 'status'), 'Inactive');
    assert.equal(field(connection, 'syncStatus'), 'error');
    assert.equal(field(connection, 'online'), false);
    assert.deepEqual(kinds, ['status', 'sync_finished', 'online']);
  });

  test('a sync with a chosen outcome, and rotated credentials making syncs fail', async () => {
    const key = sandbox.state.connections()[1]?.key ?? '';
    await call(base, 'POST', `/_sandbox/connections/${key}/sync`, { body: { outcome: 'error' } });
    assert.equal(sandbox.state.connection(key).syncStatus, 'error');
    await call(base, 'POST', `/_sandbox/connections/${key}/rotate-credentials`, { body: {} });
    await call(base, 'POST', `/_sandbox/connections/${key}/sync`, { body: { outcome: 'done' } });
    assert.equal(sandbox.state.connection(key).syncStatus, 'fail');
  });

  test('per-connection event configuration is stored', async () => {
    const key = sandbox.state.connections()[2]?.key ?? '';
    const body = { event_types: ['sync.failed'] };
    const answer = await call(base, 'PUT', `/_sandbox/connections/${key}/events`, { body });
    assert.equal(answer.status, 200);
    assert.deepEqual(sandbox.state.connection(key).eventTypes, ['sync.failed']);
  });

  test('bad control requests say what was wrong', async () => {
    const key = sandbox.state.connections()[0]?.key ?? '';
    const unknown = await call(base, 'POST', '/_sandbox/connections/missing/status', {
      body: { status: 'Active' },
    });
    assert.equal(unknown.status, 404);
    assert.match(String(field(unknown.body, 'message')), /missing/);
    const badSync = await call(base, 'POST', `/_sandbox/connections/${key}/sync-status`, {
      body: { sync_status: 'ok' },
    });
    assert.equal(badSync.status, 422);
    assert.match(String(field(badSync.body, 'message')), /inprogress, done, fulldone, error, fail/);
    const form = await fetch(new URL(`/_sandbox/connections/${key}/status`, base), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'status=Active',
    });
    assert.equal(form.status, 415);
    const badFault = await call(base, 'POST', '/_sandbox/faults', { body: { spec: '503=0.5' } });
    assert.equal(badFault.status, 422);
    assert.match(String(field(badFault.body, 'message')), /Unknown fault '503'/);
  });
});
