import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LogStore } from '../../../src/core/logStore/logStore';
import { type ReceiptRecord, receiptKind } from '../../../src/core/receiver/receiptRecord';
import { getScheme } from '../../../src/core/signing/schemes';
import { connect, readUntilClosed } from '../core/receiver/rawClient';
import { eventBody, postSigned, startReceiver, stopReceivers } from '../core/receiver/receiverFixture';
import { type CliResult, runCli, startCli } from '../../support/cli';
import { RAW_CONTROL, runInShell } from '../core/sender/shellRun';
import { closedPort, TestEndpoint } from '../core/sender/testEndpoint';
import { deliveryKind } from '../../../src/core/sender/deliveryKind';

const SECRET = 'replay-secret-71c2';

function replay(...args: string[]): Promise<CliResult> {
  return runCli(['replay', ...args]);
}

/** An event whose bytes a parse and serialise would change: a big integer, bytes that are not UTF-8. */
const EXACT_BODY = Buffer.concat([
  Buffer.from(
    '{"id":"evt_exact_1","type":"sync.completed","timestamp":"2024-05-01T10:00:00Z","connection_id":"conn_1",',
  ),
  Buffer.from('"data":{"count":12345678901234567890,"note":"'),
  Buffer.from([0xff, 0xfe, 0xc3]),
  Buffer.from('"}}'),
]);
const TARGET_SECRET = 'replay-target-secret-9d1e';

/** An endpoint that records bytes and answers 200 only to a valid makini signature with TARGET_SECRET. */
function verifyingEndpoint(): Promise<TestEndpoint> {
  const scheme = getScheme('makini');
  return TestEndpoint.start((r) =>
    scheme.verify({ headers: r.headers, body: r.body, secrets: [TARGET_SECRET] }).ok
      ? { status: 200 }
      : { status: 401 },
  );
}

suite('cli replay', () => {
  let dir: string;
  let endpoint: TestEndpoint | undefined;

  setup(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-replay-'));
  });

  teardown(async () => {
    await stopReceivers();
    await endpoint?.stop();
    endpoint = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Records EXACT_BODY as `listen --log-dir` would, sent to `target` (a path or an absolute URL). */
  async function recordExact(target = '/'): Promise<ReceiptRecord> {
    const store = LogStore.open({ dir, kind: receiptKind });
    const recording = await startReceiver({ store });
    const socket = await connect(recording.url);
    const closed = readUntilClosed(socket);
    const next = recording.nextReceipt();
    socket.write(
      `POST ${target} HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: ${EXACT_BODY.length}\r\nconnection: close\r\n\r\n`,
    );
    socket.end(EXACT_BODY);
    const receipt = await next;
    await closed;
    store.close();
    return receipt;
  }

  test('a receipt is re-sent byte for byte: a big integer and bytes that are not UTF-8 stay as received', async () => {
    const receipt = await recordExact();
    assert.ok(receipt.bodyBase64, 'the receipt keeps the bytes');
    endpoint = await verifyingEndpoint();
    const sent = await replay(
      receipt.id,
      '--log-dir',
      dir,
      '--to',
      endpoint.url(),
      '--secret',
      TARGET_SECRET,
    );
    assert.equal(sent.code, 0, sent.stderr);
    assert.match(sent.stdout, /attempt 1: 200 OK/);
    assert.ok(endpoint.received[0]?.body.equals(EXACT_BODY), endpoint.received[0]?.body.toString());

    // The delivery logged by that replay keeps the bytes too, so replaying it changes nothing.
    const deliveryId = /delivery (dlv_\w+)/.exec(sent.stdout)?.[1] ?? '';
    const again = await replay(
      deliveryId,
      '--log-dir',
      dir,
      '--to',
      endpoint.url(),
      '--secret',
      TARGET_SECRET,
    );
    assert.equal(again.code, 0, again.stderr);
    assert.ok(endpoint.received[1]?.body.equals(EXACT_BODY), endpoint.received[1]?.body.toString());
  });

  test('--curl prints the command instead of sending; run in bash it sends the same bytes, signed', async () => {
    // Sent in absolute form: the target's host is in no output and gets nothing.
    const receipt = await recordExact('http://169.254.169.254/latest');
    assert.equal(receipt.path, 'http://169.254.169.254/latest');
    endpoint = await verifyingEndpoint();
    const printed = await replay(
      receipt.id,
      '--log-dir',
      dir,
      '--to',
      endpoint.url(),
      '--secret',
      TARGET_SECRET,
      '--curl',
    );
    assert.equal(printed.code, 0, printed.stderr);
    assert.equal(endpoint.received.length, 0, 'nothing is sent');
    const command = printed.stdout.trimEnd();
    assert.ok(!command.includes('\n') && !RAW_CONTROL.test(command), command);
    assert.ok(!command.includes('169.254') && !command.includes(TARGET_SECRET), command);
    const ran = await runInShell('bash', command, dir);
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /^HTTP\/1\.1 200/);
    assert.equal(endpoint.received[0]?.path, '/webhooks');
    assert.ok(endpoint.received[0]?.body.equals(EXACT_BODY));
  });

  test('a receipt that kept only part of its body is refused, and nothing is sent', async () => {
    const store = LogStore.open({ dir, kind: receiptKind });
    const { id, body } = eventBody();
    await store.append({
      id: 'rcpt_cut',
      time: new Date().toISOString(),
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/json' },
      body: body.subarray(0, 20).toString('utf8'),
      bodyBytes: body.length,
      bodyTruncated: true,
      verified: false,
      duplicate: false,
      schemaErrors: [],
      status: 200,
      durationMs: 1,
      eventId: id,
      verdict: { outcome: 'accepted_unverified', actionable: true, reason: 'no_secret' },
    });
    store.close();
    endpoint = await verifyingEndpoint();
    for (const extra of [[], ['--curl']]) {
      const result = await replay(
        'rcpt_cut',
        '--log-dir',
        dir,
        '--to',
        endpoint.url(),
        '--secret',
        TARGET_SECRET,
        ...extra,
      );
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        /kept only the first 20 of its \d+ body bytes, so it cannot be sent again exactly/,
      );
      assert.equal(result.stdout, '');
    }
    assert.equal(endpoint.received.length, 0);
  });

  test('re-sends a received event with the same id, freshly signed, and logs the delivery', async () => {
    // Record a receipt the way `listen --log-dir` does.
    const store = LogStore.open({ dir, kind: receiptKind });
    const recording = await startReceiver({ settings: { secrets: [SECRET] }, store });
    const event = eventBody();
    await postSigned(recording.url, 'makini', [SECRET], event);
    store.close();
    const receiptId = recording.receipts[0]?.id ?? '';

    const target = await startReceiver({
      settings: { scheme: 'standard', secrets: ['whsec_cmVwbGF5LXRhcmdldA=='] },
    });
    const result = await replay(
      receiptId,
      '--log-dir',
      dir,
      '--to',
      target.url,
      '--scheme',
      'standard',
      '--secret',
      'whsec_cmVwbGF5LXRhcmdldA==',
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^Replaying sync\\.completed ${event.id} to `));
    assert.match(result.stdout, /attempt 1: 200 OK/);
    assert.equal(target.receipts[0]?.eventId, event.id);
    assert.equal(target.receipts[0]?.verified, true);

    const deliveryId = /delivery (dlv_\w+)/.exec(result.stdout)?.[1] ?? '';
    const again = await replay(
      deliveryId,
      '--log-dir',
      dir,
      '--to',
      target.url,
      '--json',
      '--scheme',
      'standard',
      '--secret',
      'whsec_cmVwbGF5LXRhcmdldA==',
    );
    assert.equal(again.code, 0, again.stderr);
    const lines = again.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      lines.map((l) => l.event),
      ['attempt', 'result'],
    );
    assert.equal(lines[1]?.delivered, true);
    assert.equal(target.receipts[1]?.duplicate, true);

    const onDisk = fs
      .readdirSync(dir)
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
      .join('');
    for (const text of [onDisk, result.stdout, result.stderr, again.stdout]) {
      assert.ok(!text.includes(SECRET) && !text.includes('whsec_cmVwbGF5LXRhcmdldA=='));
    }
  });

  test('a missing or empty --log-dir, or an unknown id, exits 1 and says where it looked and how to set it', async () => {
    const flags = ['--to', 'http://127.0.0.1:9/', '--secret', SECRET];
    const missing = path.join(dir, 'nowhere');
    const none = await replay('rcpt_nope', '--log-dir', missing, ...flags);
    assert.equal(none.code, 1);
    assert.match(
      none.stderr,
      /There is no folder .*nowhere \(--log-dir\)\. Give --log-dir the folder that `listen --log-dir DIR` or `trigger --log-dir DIR` wrote; the editor's log is/,
    );
    assert.ok(!fs.existsSync(missing), 'looking does not create the folder');
    const empty = await replay('rcpt_nope', '--log-dir', dir, ...flags);
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /holds no receipts or deliveries\. Give --log-dir/);
    await recordExact();
    const unknown = await replay('rcpt_nope', '--log-dir', dir, ...flags);
    assert.equal(unknown.code, 1);
    assert.match(
      unknown.stderr,
      /No receipt, delivery or event with id 'rcpt_nope' among the 1 receipt and 0 deliveries in /,
    );
    assert.equal(unknown.stdout, '');
  });

  test('an event id finds its newest record', async () => {
    await recordExact();
    endpoint = await verifyingEndpoint();
    const sent = await replay(
      'evt_exact_1',
      '--log-dir',
      dir,
      '--to',
      endpoint.url(),
      '--secret',
      TARGET_SECRET,
    );
    assert.equal(sent.code, 0, sent.stderr);
    assert.match(sent.stdout, /^Replaying sync\.completed evt_exact_1 to /);
    assert.ok(endpoint.received[0]?.body.equals(EXACT_BODY));
  });

  test('--to any URL: a delivery goes to a URL other than the one it was sent to, same event id, freshly signed', async () => {
    await recordExact();
    const first = await startReceiver({ settings: { secrets: [TARGET_SECRET] } });
    const sent = await replay('evt_exact_1', '--log-dir', dir, '--to', first.url, '--secret', TARGET_SECRET);
    assert.equal(sent.code, 0, sent.stderr);
    const deliveryId = /delivery (dlv_\w+)/.exec(sent.stdout)?.[1] ?? '';
    endpoint = await verifyingEndpoint();
    const elsewhere = `${endpoint.url()}?from=replay`;
    const again = await replay(deliveryId, '--log-dir', dir, '--to', elsewhere, '--secret', TARGET_SECRET);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(first.receipts[0]?.eventId, 'evt_exact_1');
    const received = endpoint.received[0];
    assert.equal(received?.path, '/webhooks?from=replay');
    assert.ok(received?.body.equals(EXACT_BODY));
    // The recording carried no signature; the endpoint answered 200 only to a valid one of its secret.
    assert.equal(first.receipts[0]?.verified, true);
  });

  test('an unreachable --to fails like any delivery: retried on the schedule, logged as failed, exit 1', async () => {
    await recordExact();
    const url = `http://127.0.0.1:${await closedPort()}/hooks`;
    const flags = ['--secret', TARGET_SECRET, '--max-attempts', '3', '--retry-base-ms', '1'];
    const result = await replay('evt_exact_1', '--log-dir', dir, '--to', url, ...flags);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /attempt 1: refused: .* -> retry in/);
    assert.match(result.stdout, /attempt 3: refused: .* -> giving up \(max_attempts\)/);
    const deliveryId = /failed after 3 attempts \(delivery (dlv_\w+)\)/.exec(result.stdout)?.[1];
    assert.ok(deliveryId, result.stdout);
    const store = LogStore.open({ dir, kind: deliveryKind });
    try {
      const logged = store.get(deliveryId);
      assert.equal(logged?.status, 'failed');
      assert.equal(logged?.url, url);
      assert.equal(logged?.attempts.length, 3);
    } finally {
      store.close();
    }
  });

  test('Ctrl-C during the wait for a retry cancels the replay at once, and the cancelled delivery is logged', async () => {
    await recordExact();
    const url = `http://127.0.0.1:${await closedPort()}/`;
    const args = ['evt_exact_1', '--log-dir', dir, '--to', url, '--secret', TARGET_SECRET];
    const run = startCli(['replay', ...args, '--retry-base-ms', '600000']);
    try {
      assert.match(await run.line(1), /attempt 1: refused: .* -> retry in \d+\.\d+ s$/);
      run.child.kill('SIGINT');
      assert.equal(await run.exit(), 1);
      assert.match(run.lines[2] ?? '', /^evt_exact_1: cancelled after 1 attempt \(delivery dlv_\w+\)$/);
    } finally {
      run.child.kill('SIGKILL');
    }
    const store = LogStore.open({ dir, kind: deliveryKind });
    try {
      const { records } = store.query({ limit: store.size });
      assert.deepEqual(
        records.map((d) => d.status),
        ['cancelled'],
      );
    } finally {
      store.close();
    }
  });

  test('missing flags exit 2', async () => {
    assert.equal((await replay('rcpt_x', '--to', 'http://127.0.0.1:9/', '--secret', SECRET)).code, 2);
    assert.equal((await replay('rcpt_x', '--log-dir', dir, '--secret', SECRET)).code, 2);
    const noSecret = await replay('rcpt_x', '--log-dir', dir, '--to', 'http://127.0.0.1:9/');
    assert.equal(noSecret.code, 2);
    assert.match(noSecret.stderr, /no signing secret/);
  });
});
