import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jsonLines, runCli } from '../../support/cli';
import { findAll, parseXml } from '../core/checks/xmlTree';
import { TestEndpoint } from '../core/sender/testEndpoint';

const ENV = { env: { MAKINI_WEBHOOK_SECRET: 'cli-scenario-secret' } };

suite('cli scenario', () => {
  let endpoint: TestEndpoint | undefined;
  let dir: string;
  setup(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-scenario-'));
  });
  teardown(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await endpoint?.stop();
    endpoint = undefined;
  });

  function writeScenario(name: string, value: unknown): string {
    const folder = path.join(dir, '.makini', 'scenarios');
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(value));
    return file;
  }

  test('list shows the built-ins and the workspace scenarios', async () => {
    writeScenario('mine', {
      name: 'my-flow',
      description: 'Mine.',
      steps: [{ step: 'send', event: 'sync.completed' }],
    });
    const text = await runCli(['scenario', 'list', '--workspace', dir]);
    assert.equal(text.code, 0, text.stderr);
    for (const name of [
      'sync-lifecycle',
      'sync-failure-and-retry',
      'credentials-changed',
      'outage',
      'duplicate-storm',
      'out-of-order',
      'my-flow',
    ])
      assert.match(text.stdout, new RegExp(`^${name} `, 'm'));
    const json = jsonLines((await runCli(['scenario', 'list', '--workspace', dir, '--json'])).stdout);
    assert.deepEqual(json.at(-1), {
      name: 'my-flow',
      description: 'Mine.',
      steps: 1,
      source: path.join(dir, '.makini', 'scenarios', 'mine.json'),
    });
  });

  test('run sends each step in order, exits 0, and writes one JUnit test case per step', async () => {
    endpoint = await TestEndpoint.statuses(200);
    const junit = path.join(dir, 'report.xml');
    const text = await runCli(
      [
        'scenario',
        'run',
        'credentials-changed',
        '--to',
        endpoint.url(),
        '--speed',
        '1000',
        '--connection',
        'conn_cli',
        '--junit',
        junit,
      ],
      ENV,
    );
    assert.equal(text.code, 0, text.stdout + text.stderr);
    assert.deepEqual(
      endpoint.received.map((r) => r.headers['x-makini-event']),
      ['sync.failed', 'connection.auth_required', 'connection.status_changed', 'sync.completed'],
    );
    assert.match(
      text.stdout,
      /^ {2}2\. The connection needs reauthorization {2}connection\.auth_required evt_\w+ delivered \(200\) {2}passed/m,
    );
    assert.match(text.stdout, /^Scenario credentials-changed: 4 passed, 0 failed$/m);
    const root = parseXml(fs.readFileSync(junit, 'utf8'));
    assert.equal(findAll(root, 'testcase').length, 4);
    assert.equal(findAll(root, 'failure').length, 0);
  });

  test('a refused delivery exits 1, and --json says which step failed', async () => {
    endpoint = await TestEndpoint.start((_, i) => ({
      status: i === 0 ? 401 : 200,
      body: '{"error":"bad signature"}',
    }));
    const text = await runCli(
      ['scenario', 'run', 'out-of-order', '--to', endpoint.url(), '--speed', '1000', '--json'],
      ENV,
    );
    assert.equal(text.code, 1, text.stderr);
    const lines = jsonLines(text.stdout);
    assert.deepEqual(
      lines.map((l) => [l.event, l.status ?? l.passed]),
      [
        ['step', 'failed'],
        ['step', 'passed'],
        ['result', false],
      ],
    );
    assert.match(String(lines[0]?.failure), /work_orders\.updated evt_\w+ was failed \(HTTP 401\)/);
  });

  test('a scenario file with an unknown event type exits 2 with its JSON path, and sends nothing', async () => {
    endpoint = await TestEndpoint.statuses(200);
    const file = writeScenario('bad', {
      name: 'bad',
      steps: [
        { step: 'send', event: 'sync.completed' },
        { step: 'send', event: 'sync.started', delay_ms: 10 },
      ],
    });
    const text = await runCli(['scenario', 'run', file, '--to', endpoint.url()], ENV);
    assert.equal(text.code, 2);
    assert.match(text.stderr, /is not a valid scenario; nothing was sent:\n {2}at \/steps\/1\/event: /);
    assert.equal(endpoint.received.length, 0);
  });

  test('wrong usage exits 2 saying what to do', async () => {
    const cases: [string[], RegExp][] = [
      [['scenario'], /Give a subcommand: list, or run <name\|file>/],
      [
        ['scenario', 'run', 'nope', '--to', 'http://127.0.0.1:9/'],
        /No scenario 'nope': give one of sync-lifecycle, /,
      ],
      [['scenario', 'run', 'outage'], /--to URL is required/],
      [
        ['scenario', 'run', 'outage', '--to', 'http://127.0.0.1:9/', '--speed', '0'],
        /--speed takes a number > 0/,
      ],
    ];
    for (const [args, message] of cases) {
      const text = await runCli([...args, '--workspace', dir], ENV);
      assert.equal(text.code, 2, args.join(' '));
      assert.match(text.stderr, message);
    }
    const sandbox = writeScenario('down', {
      name: 'down',
      steps: [{ step: 'sandbox', action: 'take_offline' }],
    });
    const text = await runCli(['scenario', 'run', sandbox, '--to', 'http://127.0.0.1:9/'], ENV);
    assert.equal(text.code, 2);
    assert.match(text.stderr, /has sandbox steps: give --sandbox-url URL/);
  });
});
