import * as assert from 'node:assert/strict';
import { eamCollection } from '../../../../../src/core/sandbox/openapi/eamCatalog';
import { call, field } from '../sandboxHttp';
import { startEamSandbox, type EamHarness } from './eamHarness';

suite('sandbox: bad input to the API', () => {
  let h: EamHarness;
  let token: string;
  let key: string;
  suiteSetup(async () => {
    h = await startEamSandbox();
    token = await h.tokenFor(h.connectionKey);
    const orders = eamCollection('work-orders');
    assert.ok(orders);
    key = String(h.sandbox.data.of(h.connectionKey).record(orders, 0)?.key);
  });
  suiteTeardown(async () => {
    await h.sandbox.stop();
  });

  async function send(
    method: string,
    path: string,
    body?: string,
    type = 'application/json',
  ): Promise<Response> {
    return fetch(new URL(path, h.base), {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body,
    });
  }

  function requestId(answer: { headers: Headers }): string {
    return answer.headers.get('x-request-id') ?? '';
  }

  test('an unknown path is 404, an unknown method 405 with Allow; both carry a request id', async () => {
    const missing = await call(h.base, 'GET', '/api/eam/spaceships', { token });
    assert.equal(missing.status, 404);
    assert.match(requestId(missing), /^req_/);
    assert.equal(field(missing.body, 'request_id'), requestId(missing));
    const patch = await call(h.base, 'PATCH', `/api/eam/work-orders/${key}`, { token, body: {} });
    assert.equal(patch.status, 405);
    assert.equal(patch.headers.get('allow'), 'GET, PUT');
    assert.match(requestId(patch), /^req_/);
    const unknownKey = await call(h.base, 'GET', '/api/eam/work-orders/99000000000000', { token });
    assert.equal(unknownKey.status, 404);
  });

  test('bad query values are 422 naming the parameter', async () => {
    for (const [query, parameter] of [
      ['page=abc', 'page'],
      ['per_page=0', 'per_page'],
      ['per_page=5000', 'per_page'],
      ['filter[nope]=1', 'filter[nope]'],
      ['filter[title:near]=x', 'filter[title:near]'],
      ['sort[createdAt]=up', 'sort[createdAt]'],
      ['filterMatch=some', 'filterMatch'],
    ] as const) {
      const answer = await call(h.base, 'GET', `/api/eam/work-orders?${query}`, { token });
      assert.equal(answer.status, 422, query);
      assert.equal(field(answer.body, 'errors', 0, 'field'), parameter, query);
      assert.match(String(field(answer.body, 'message')), new RegExp(parameter.replace(/[[\]]/g, '\\$&')));
    }
  });

  test('a body that is not JSON is 400, an oversized one 413, a wrong one 422 with the field paths', async () => {
    const notJson = await send('PUT', `/api/eam/work-orders/${key}`, '{"title": ');
    assert.equal(notJson.status, 400);
    assert.equal(((await notJson.json()) as { code: string }).code, 'INVALID_JSON');
    const big = await send('POST', '/api/eam/work-orders', JSON.stringify({ notes: 'x'.repeat(1_100_000) }));
    assert.equal(big.status, 413);
    const wrong = await call(h.base, 'POST', '/api/eam/work-orders', {
      token,
      body: { title: 5, estimatedTime: 'soon', assetKey: '26999999999999' },
    });
    assert.equal(wrong.status, 422);
    const fields = (field(wrong.body, 'errors') as { field: string }[]).map((e) => e.field).sort();
    assert.deepEqual(fields, ['estimatedTime', 'title']);
    const dangling = await call(h.base, 'POST', '/api/eam/work-orders', {
      token,
      body: { assetKey: '26999999999999' },
    });
    assert.equal(dangling.status, 422);
    assert.equal(field(dangling.body, 'errors', 0, 'field'), 'assetKey');
    const missing = await call(h.base, 'POST', `/api/eam/work-orders/${key}/materials`, { token, body: {} });
    assert.deepEqual((field(missing.body, 'errors') as { field: string }[]).map((e) => e.field).sort(), [
      'requiredQuantity',
      'usedQuantity',
    ]);
    const json = await send('POST', '/api/eam/documents', '{}');
    assert.equal(json.status, 415);
  });

  test('tokens: EAM takes a connection token, system paths the admin one', async () => {
    const withAdmin = await call(h.base, 'GET', '/api/eam/work-orders', { token: h.admin });
    assert.equal(withAdmin.status, 401);
    const withConnection = await call(h.base, 'GET', '/api/system/client', { token });
    assert.equal(withConnection.status, 401);
    const none = await call(h.base, 'GET', '/api/eam/assets');
    assert.equal(none.status, 401);
  });

  test('no input makes a 500: odd paths, methods, queries and bodies', async () => {
    const paths = [
      '/api/eam/work-orders/%E0%A4%A',
      '/api/eam/work-orders//status',
      `/api/eam/work-orders/${key}/materials/nope`,
      '/api/eam/purchase-orders.line-items/x',
      '/api/raw/tables/NOPE/data',
      '/api/eam/work-orders?sort[title]=1&filter[createdAt:gt]=2024&filterMatch=any&page=99',
      '/api/system/connections/nope/metadata',
    ];
    const bodies = ['[]', 'null', '"text"', '{"documents": 3}', '{"tasks": [1, 2]}', '[{"key": 1}]'];
    for (const path of paths) {
      for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
        for (const body of method === 'GET' ? [undefined] : bodies) {
          const answer = await send(method, path, body);
          assert.ok(answer.status < 500, `${method} ${path} ${body ?? ''}: ${answer.status}`);
          assert.match(requestId(answer), /^req_/);
        }
      }
    }
    for (const body of bodies) {
      for (const path of [
        `/api/eam/work-orders/${key}`,
        '/api/eam/stocks',
        `/api/eam/purchase-orders/${key}/status`,
      ]) {
        const answer = await send(path.endsWith('stocks') ? 'POST' : 'PUT', path, body);
        assert.ok(answer.status < 500, `${path} ${body}: ${answer.status}`);
      }
    }
  });
});
