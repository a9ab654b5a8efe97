import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ApiClientOptionsError, MakiniApiError } from '../../../../src/core/api/apiErrors';
import { authForPath } from '../../../../src/core/api/apiAuth';
import { EAM_COLLECTIONS } from '../../../../src/core/api/eamCollections';
import { MakiniClient } from '../../../../src/core/api/makiniClient';
import { supportReport } from '../../../../src/core/api/supportReport';
import { repoRoot } from '../../../support/repo';
import { type EamStandIn, STAND_IN_CREDENTIALS, startEamStandIn } from '../../../support/eamStandIn';

interface OpenApiOperation {
  readonly parameters?: readonly { readonly name?: string }[];
  readonly responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** The top-level list paths of oas3_eam.json: name, record schema, whether `per_page` is declared. */
function documentedCollections(): [string, string, boolean][] {
  const file = path.join(repoRoot(), 'test', 'fixtures', 'openapi', 'oas3_eam.json');
  const document = JSON.parse(readFileSync(file, 'utf8')) as {
    paths: Record<string, { get?: OpenApiOperation }>;
  };
  return Object.entries(document.paths).flatMap(([p, item]) => {
    const match = /^\/api\/eam\/([^/{}]+)$/.exec(p);
    if (!match?.[1] || !item.get) return [];
    const schema = item.get.responses['200']?.content?.['application/json']?.schema as
      { properties?: { data?: { items?: { $ref?: string } } } } | undefined;
    const ref = schema?.properties?.data?.items?.$ref?.split('/').pop() ?? '';
    const perPage = (item.get.parameters ?? []).some((x) => x.name === 'per_page');
    return [[match[1], ref, perPage]];
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected the call to fail');
}

suite('api/makiniClient EAM reads', () => {
  let standIn: EamStandIn;
  let client: MakiniClient;
  setup(async () => {
    standIn = await startEamStandIn();
    client = new MakiniClient({
      baseUrl: standIn.url,
      ...STAND_IN_CREDENTIALS,
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
  });
  teardown(async () => {
    client.dispose();
    await standIn.close();
  });
  const count = (prefix: string): number => standIn.requests.filter((r) => r.startsWith(prefix)).length;

  test('the collections table is the top-level list paths of oas3_eam.json, with their schemas and per_page', () => {
    assert.deepEqual(
      EAM_COLLECTIONS.map((c) => [c.name, c.schema, c.perPage]),
      documentedCollections(),
    );
  });

  test('pages through 250 work orders with one connection token, typed', async () => {
    const keys: string[] = [];
    for await (const page of client.eamPages('conn-1', 'work-orders')) {
      for (const record of page.records) keys.push(record.key);
      assert.equal(page.total, 250);
    }
    assert.equal(keys.length, 250);
    assert.equal(new Set(keys).size, 250);
    assert.equal(count('GET /api/eam/work-orders'), 3);
    assert.ok(
      standIn.requests
        .filter((r) => r.startsWith('GET /api/eam/'))
        .every((r) => r.endsWith('connection:conn-1')),
    );
    assert.equal(count('POST /api/system/connections/conn-1/token'), 1);
    assert.equal(count('POST /link/token'), 1);
    const first = await client.eamPage('conn-1', 'work_orders', { perPage: 2 });
    assert.equal(first.records[0]?.title, 'Work order 1');
    assert.equal(first.records[0]?.siteKey, 'sites-1');
    assert.equal(first.lastPage, 125);
    assert.equal(count('POST /api/system/connections/conn-1/token'), 1, 'the connection token is cached');
  });

  test('each connection gets its own token; counts read meta.total; per_page only where declared', async () => {
    assert.equal(await client.eamCount('conn-1', 'work-orders'), 250);
    assert.equal(await client.eamCount('conn-2', 'sites'), 3);
    assert.equal(await client.eamCount('conn-2', 'materials'), 0);
    assert.ok(standIn.requests.includes('GET /api/eam/work-orders?page=1&per_page=1 connection:conn-1'));
    assert.ok(
      standIn.requests.includes('GET /api/eam/sites?page=1 connection:conn-2'),
      standIn.requests.join('\n'),
    );
    assert.equal(count('POST /api/system/connections/conn-1/token'), 1);
    assert.equal(count('POST /api/system/connections/conn-2/token'), 1);
  });

  test('one record by key; an unknown key is a 404 with its request id', async () => {
    const record = await client.eamRecord('conn-1', 'work-orders', 'work-orders-7');
    assert.equal(record.title, 'Work order 7');
    const error = await rejection(client.eamRecord('conn-1', 'work-orders', 'nope'));
    assert.ok(MakiniApiError.is(error, 'http'));
    assert.equal(error.status, 404);
    assert.equal(error.makiniCode, 'NOT_FOUND');
    assert.match(error.requestId ?? '', /^req_/);
    assert.equal(error.connectionId, 'conn-1');
  });

  test('reads are retried on 5xx like the system API; the support report names the request', async () => {
    standIn.failNext('/api/eam/assets', 503, 2);
    const page = await client.eamPage('conn-1', 'assets');
    assert.equal(page.records.length, 12);
    assert.equal(count('GET /api/eam/assets'), 3);
    standIn.failNext('/api/eam/assets', 500, 10);
    const error = await rejection(client.eamPage('conn-1', 'assets'));
    assert.ok(MakiniApiError.is(error, 'http'));
    assert.equal(error.attempts, 4);
    const report = supportReport(error);
    assert.equal(report.endpoint, 'GET /api/eam/assets');
    assert.equal(report.connectionId, 'conn-1');
    assert.match(report.requestId ?? '', /^req_/);
  });

  test('a record without a key is malformed, naming the field', async () => {
    standIn.records.set('sites', [{ name: 'no key' }]);
    const error = await rejection(client.eamPage('conn-1', 'sites'));
    assert.ok(MakiniApiError.is(error, 'malformed'));
    assert.equal(error.field, 'data[0].key');
  });

  test('an unknown collection is refused before any request, naming the collections', async () => {
    const error = await rejection(client.eamPage('conn-1', 'widgets'));
    assert.ok(error instanceof ApiClientOptionsError);
    assert.match(error.message, /'widgets' is not an EAM collection; use one of organizations, sites/);
    assert.equal(standIn.requests.length, 0);
  });

  test('call: the token its path takes; writes are sent once', async () => {
    assert.equal(authForPath('/api/system/connections'), 'admin');
    assert.equal(authForPath('/api/eam/work-orders?page=2'), 'connection');
    assert.equal(authForPath('/api/passthrough'), 'connection');
    assert.equal(authForPath('/link/token'), 'none');
    const listed = await client.call({ method: 'GET', path: '/api/system/connections' });
    assert.equal(listed.status, 200);
    const put = await client.call({
      method: 'PUT',
      path: '/api/eam/work-orders/work-orders-3',
      body: { status: 'Closed' },
      connectionId: 'conn-2',
    });
    assert.deepEqual((put.body as { data: { status: string } }).data.status, 'Closed');
    assert.ok(standIn.requests.includes('PUT /api/eam/work-orders/work-orders-3 connection:conn-2'));
    standIn.failNext('/api/eam/work-orders', 500, 1);
    const error = await rejection(
      client.call({
        method: 'PUT',
        path: '/api/eam/work-orders/work-orders-3',
        body: {},
        connectionId: 'conn-2',
      }),
    );
    assert.ok(MakiniApiError.is(error, 'http'));
    assert.equal(error.attempts, 1, 'a write is not repeated');
    const missing = await rejection(client.call({ method: 'GET', path: '/api/eam/sites' }));
    assert.ok(missing instanceof ApiClientOptionsError);
  });
});
