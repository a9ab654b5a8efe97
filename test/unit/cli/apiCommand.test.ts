import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jsonLines, runCli } from '../../support/cli';
import { type EamStandIn, startEamStandIn } from '../../support/eamStandIn';

suite('cli api', () => {
  test('no credentials: a built-in sandbox, the same every run; system paths with the admin token', async () => {
    const first = await runCli(['api', 'GET', '/api/system/connections', '--query', 'per_page=3', '--json']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /using a built-in sandbox at http:\/\/127\.0\.0\.1:\d+\//);
    const lines = jsonLines(first.stdout);
    assert.equal(lines.length, 1, 'one compact line');
    const page = lines[0] as { data: { key: string }[]; meta: { per_page: number; total: number } };
    assert.equal(page.data.length, 3);
    assert.deepEqual([page.meta.per_page, page.meta.total], [3, 8]);

    const all = await runCli([
      'api',
      'get',
      '/api/system/connections',
      '--all-pages',
      '--query',
      'per_page=3',
      '--json',
    ]);
    assert.equal(all.code, 0, all.stderr);
    const keys = jsonLines(all.stdout).map((c) => c.key);
    assert.equal(new Set(keys).size, 8, 'three pages, every connection once');
    assert.deepEqual(
      keys.slice(0, 3),
      page.data.map((c) => c.key),
      'the same sandbox as the run before',
    );

    const key = String(keys[0]);
    const integration = await runCli(['api', 'GET', '/api/integrations/current', '--connection', key]);
    assert.equal(integration.code, 0, integration.stderr);
    assert.match(integration.stdout, /^\{\n {2}"data": \{/, 'indented by default');
    const data = (JSON.parse(integration.stdout) as { data: { id: string; sync_status: string } }).data;
    assert.equal(data.id, key, "read with the connection's own token");
  });

  test('an HTTP error: exit 1, its request id on stderr (as JSON with --json), nothing on stdout', async () => {
    const plain = await runCli(['api', 'GET', '/api/system/no-such-path']);
    assert.equal(plain.code, 1);
    assert.equal(plain.stdout, '');
    assert.match(plain.stderr, /the call failed/);
    assert.match(plain.stderr, /Request ID: req_\w+/);
    assert.match(plain.stderr, /HTTP status: 404/);
    const json = await runCli(['api', 'GET', '/api/system/no-such-path', '--json']);
    assert.equal(json.code, 1);
    const line = json.stderr.split('\n').find((l) => l.startsWith('{')) ?? '';
    const error = (JSON.parse(line) as { error: Record<string, unknown> }).error;
    assert.equal(error.status, 404);
    assert.equal(error.code, 'NOT_FOUND');
    assert.match(String(error.request_id), /^req_/);
  });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-cli-api-'));
  suiteTeardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const notJson = path.join(dir, 'body.txt');
  fs.writeFileSync(notJson, 'status=Closed');
  const wrong: [string, string[], RegExp][] = [
    [
      'an EAM path without --connection',
      ['GET', '/api/eam/work-orders'],
      /takes a connection's token: add --connection KEY/,
    ],
    [
      'a method Makini does not use',
      ['FETCH', '/api/system/connections'],
      /the method must be one of GET, POST, PUT, PATCH, DELETE, got 'FETCH'/,
    ],
    ['a path without a slash', ['GET', 'api/system/connections'], /the path must start with \//],
    [
      'a query without =',
      ['GET', '/api/system/connections', '--query', 'per_page'],
      /--query takes name=value, got 'per_page'/,
    ],
    [
      '--all-pages on a write',
      ['POST', '/api/system/connections', '--all-pages'],
      /--all-pages reads lists: use it with GET/,
    ],
    [
      'a body that is not JSON',
      ['POST', '/api/system/connections', '--data', notJson],
      /--data: '.*body\.txt' is not JSON/,
    ],
    ['a body on a GET', ['GET', '/api/system/connections', '--data', notJson], /GET takes none/],
    ['no path', ['GET'], /the path must start with \//],
  ];
  for (const [name, args, message] of wrong) {
    test(`wrong usage, exit 2 before any call: ${name}`, async () => {
      const result = await runCli(['api', ...args]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /built-in sandbox/, 'nothing was started');
      assert.equal(result.stdout, '');
    });
  }

  suite('EAM paths (a stand-in until the sandbox serves them)', () => {
    let standIn: EamStandIn;
    setup(async () => (standIn = await startEamStandIn()));
    teardown(() => standIn.close());

    test("--all-pages reads every work order with the connection's token", async () => {
      const result = await runCli([
        'api',
        'GET',
        '/api/eam/work-orders',
        '--connection',
        'conn-1',
        '--all-pages',
        '--json',
        '--api-url',
        standIn.url,
      ]);
      assert.equal(result.code, 0, result.stderr);
      const records = jsonLines(result.stdout);
      assert.equal(records.length, 250);
      assert.equal(records[249]?.key, 'work-orders-250');
      const reads = standIn.requests.filter((r) => r.startsWith('GET /api/eam/'));
      assert.ok(reads.length >= 2 && reads.every((r) => r.endsWith(' connection:conn-1')), reads.join('\n'));
      assert.ok(standIn.requests.includes('POST /api/system/connections/conn-1/token admin'));
      const merged = await runCli([
        'api',
        'GET',
        '/api/eam/sites',
        '--connection',
        'conn-1',
        '--all-pages',
        '--api-url',
        standIn.url,
      ]);
      assert.equal(merged.code, 0, merged.stderr);
      assert.equal((JSON.parse(merged.stdout) as { data: unknown[] }).data.length, 3);
    });

    test('--data - sends the body from stdin; the answer body goes to stdout', async () => {
      const result = await runCli(
        [
          'api',
          'PUT',
          '/api/eam/work-orders/work-orders-3',
          '--connection',
          'conn-2',
          '--data',
          '-',
          '--api-url',
          standIn.url,
        ],
        { stdin: '{"status": "Closed"}' },
      );
      assert.equal(result.code, 0, result.stderr);
      assert.equal((JSON.parse(result.stdout) as { data: { status: string } }).data.status, 'Closed');
      assert.equal(standIn.records.get('work-orders')?.[2]?.status, 'Closed');
      assert.ok(standIn.requests.includes('PUT /api/eam/work-orders/work-orders-3 connection:conn-2'));
    });

    test('a 404 on a record: exit 1 with the request id the server sent', async () => {
      const result = await runCli([
        'api',
        'GET',
        '/api/eam/work-orders/nope',
        '--connection',
        'conn-1',
        '--api-url',
        standIn.url,
      ]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /Request ID: req_[0-9a-f-]+/);
      assert.match(result.stderr, /Connection: conn-1/);
      assert.match(result.stderr, /No record with key 'nope'/);
    });
  });
});
