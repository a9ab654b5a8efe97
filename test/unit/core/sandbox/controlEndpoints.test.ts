import * as assert from 'node:assert/strict';
import { Sandbox } from '../../../../src/core/sandbox/sandbox';
import { call, field } from './sandboxHttp';

interface Listed {
  readonly method: string;
  readonly path: string;
  readonly description: string;
}

function listed(body: unknown): Listed[] {
  const data = field(body, 'data');
  assert.ok(Array.isArray(data), 'GET /_sandbox/ answers {data: [...]}');
  return data.map((entry: unknown) => ({
    method: String(field(entry, 'method')),
    path: String(field(entry, 'path')),
    description: String(field(entry, 'description')),
  }));
}

suite('sandbox control endpoints', () => {
  let sandbox: Sandbox;
  let base: string;

  setup(async () => {
    sandbox = new Sandbox({ seed: 7 });
    base = await sandbox.start();
  });

  teardown(() => sandbox.stop());

  test('GET /_sandbox/ lists every control endpoint with its method and what it does', async () => {
    const answer = await call(base, 'GET', '/_sandbox/');
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /application\/json/);
    const endpoints = listed(answer.body);
    const names = endpoints.map((e) => `${e.method} ${e.path}`);
    for (const expected of [
      'GET /_sandbox/',
      'GET /_sandbox/state',
      'GET /_sandbox/deliveries',
      'POST /_sandbox/faults',
      'POST /_sandbox/tokens/expire',
      'POST /_sandbox/connections/{id}/status',
      'POST /_sandbox/connections/{id}/sync-status',
      'POST /_sandbox/connections/{id}/online',
      'POST /_sandbox/connections/{id}/sync',
      'POST /_sandbox/connections/{id}/rotate-credentials',
      'POST /_sandbox/connections/{id}/reauthorize',
      'POST /_sandbox/connections/{id}/events',
      'POST /_sandbox/connections/{id}/flow',
    ]) {
      assert.ok(names.includes(expected), `${expected} is listed`);
    }
    assert.equal(new Set(names).size, names.length, 'no endpoint is listed twice');
    for (const endpoint of endpoints)
      assert.ok(endpoint.description.length > 0, `${endpoint.path} says what it does`);
  });

  test('every listed endpoint exists: none answers 404, while an unlisted one does', async () => {
    const key = sandbox.state.connections()[0]?.key ?? '';
    const endpoints = listed((await call(base, 'GET', '/_sandbox/')).body);
    for (const { method, path } of endpoints) {
      const concrete = path.replace('{id}', encodeURIComponent(key));
      // An empty body may be refused (422) by the endpoints that need fields; it is never unknown.
      const answer = await call(base, method, concrete, method === 'GET' ? {} : { body: {} });
      assert.notEqual(answer.status, 404, `${method} ${path} answered 404`);
      assert.ok(answer.status < 500, `${method} ${path} answered ${answer.status}`);
    }
    const unknown = await call(base, 'POST', `/_sandbox/connections/${key}/explode`, { body: {} });
    assert.equal(unknown.status, 404);
  });
});
