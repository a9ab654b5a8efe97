import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildEvent } from '../../../src/core/events/catalog';
import { LogStore } from '../../../src/core/logStore/logStore';
import { receiptKind } from '../../../src/core/receiver/receiptRecord';
import { jsonLines, runCli } from '../../support/cli';
import { postSigned, request, startReceiver, stopReceivers } from '../core/receiver/receiverFixture';
import { TestEndpoint } from '../core/sender/testEndpoint';

const SECRET = 'log-command-secret-4b7a';
const ENV = { MAKINI_WEBHOOK_SECRET: SECRET };

suite('cli log', () => {
  let dir: string;
  let endpoint: TestEndpoint;

  suiteSetup(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-log-cmd-'));
    // The first request is taken, every later one refused with a reason in the body.
    endpoint = await TestEndpoint.start((_, i) =>
      i === 0 ? { status: 200 } : { status: 422, body: '{"error":"unknown work order wo-77"}' },
    );
    const trigger = (type: string, connection: string) =>
      runCli(
        [
          'trigger',
          type,
          '--to',
          endpoint.url(),
          '--connection',
          connection,
          '--max-attempts',
          '1',
          '--log-dir',
          dir,
        ],
        { env: ENV },
      );
    assert.equal((await trigger('sync.completed', 'conn_a')).code, 0);
    assert.equal((await trigger('work_order.updated', 'conn_b')).code, 1);

    // Receipts as `listen --log-dir` keeps them: one verified, one refused, then a duplicate.
    const store = LogStore.open({ dir, kind: receiptKind });
    const { url } = await startReceiver({ settings: { secrets: [SECRET] }, store });
    const event = buildEvent('sync.failed', { connectionId: 'conn_c' });
    const body = Buffer.from(JSON.stringify(event));
    assert.equal((await postSigned(url, 'makini', [SECRET], { id: event.id, body })).status, 200);
    assert.equal((await request(url, { headers: { 'content-type': 'application/json' }, body })).status, 401);
    assert.equal((await postSigned(url, 'makini', [SECRET], { id: event.id, body })).status, 200);
    await stopReceivers();
    store.close();
  });

  suiteTeardown(async () => {
    await endpoint.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const log = (...args: string[]) => runCli(['log', ...args, '--log-dir', dir]);

  test('lists deliveries newest first, as a table and as JSON', async () => {
    const table = await log('deliveries');
    assert.equal(table.code, 0, table.stderr);
    const lines = table.stdout.trim().split('\n');
    assert.match(lines[0] ?? '', /work_orders\.updated\s+conn_b\s+failed\s+422/);
    assert.match(lines[1] ?? '', /sync\.completed\s+conn_a\s+delivered\s+200/);
    assert.match(lines[2] ?? '', /^2 deliveries matching, of 2 in /);
    const json = jsonLines((await log('deliveries', '--json')).stdout);
    assert.deepEqual(
      json.map((d) => [d.eventType, d.status]),
      [
        ['work_orders.updated', 'failed'],
        ['sync.completed', 'delivered'],
      ],
    );
  });

  test('--status, --type (an alias too), --connection and --text each narrow the list', async () => {
    const types = async (...args: string[]) =>
      jsonLines((await log('deliveries', '--json', ...args)).stdout || '{}\n').map((d) => d.eventType);
    assert.deepEqual(await types('--status', 'failed'), ['work_orders.updated']);
    assert.deepEqual(await types('--status', 'delivered'), ['sync.completed']);
    assert.deepEqual(await types('--type', 'work_order.updated'), ['work_orders.updated']);
    assert.deepEqual(await types('--connection', 'conn_a'), ['sync.completed']);
    // The endpoint's answer is searched too.
    assert.deepEqual(await types('--text', 'WO-77'), ['work_orders.updated']);
    const none = await log('deliveries', '--status', 'retrying');
    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stdout, /^0 deliveries matching, of 2/);
  });

  test('receipts by status: verified, refused, duplicate', async () => {
    const ids = async (status: string) =>
      jsonLines((await log('receipts', '--json', '--status', status)).stdout).map((r) => [
        (r.verdict as { outcome: string }).outcome,
        r.status,
      ]);
    assert.deepEqual(await ids('verified'), [['verified', 200]]);
    assert.deepEqual(await ids('refused'), [['rejected', 401]]);
    assert.deepEqual(await ids('duplicate'), [['duplicate', 200]]);
    const table = await log('receipts');
    assert.match(table.stdout, /sync\.failed\s+conn_c\s+duplicate\s+200/);
    assert.match(table.stdout, /3 receipts matching, of 3/);
  });

  test('--since keeps only records of that age; a future time keeps none', async () => {
    assert.match((await log('receipts', '--since', '1h')).stdout, /3 receipts matching/);
    assert.match((await log('receipts', '--since', '2999-01-01')).stdout, /^0 receipts matching/);
  });

  test('unknown values are refused with the values that exist, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['deliveries', '--status', 'verified'],
        /The deliveries statuses are: delivered, failed, retrying, cancelled/,
      ],
      [['receipts', '--status', 'ok'], /The receipts statuses are: verified, unverified, refused, duplicate/],
      [['deliveries', '--type', 'work_order.exploded'], /Known types: .*work_orders\.updated/],
      [['deliveries', '--connection', 'conn_zz'], /The connections there: conn_a, conn_b/],
      [['deliveries', '--since', 'yesterday'], /30s, 10m, 2h, 1d/],
      [['webhooks'], /give deliveries or receipts/],
    ];
    for (const [args, message] of cases) {
      const result = await log(...args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '');
    }
  });

  test('a folder that does not exist is named, exit 2', async () => {
    const result = await runCli(['log', 'deliveries', '--log-dir', path.join(dir, 'nothing-here')]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /there is no folder .*nothing-here/);
  });
});
