import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildEvent } from '../../../src/core/events/catalog';
import { getScheme } from '../../../src/core/signing/schemes';
import { jsonLines, runCli, startCli } from '../../support/cli';
import { closedPort, TestEndpoint } from '../core/sender/testEndpoint';

const SECRET = 'cli-test-secret';

suite('cli trigger', () => {
  let endpoint: TestEndpoint | undefined;
  let dir: string;
  suiteSetup(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-trigger-'));
  });
  suiteTeardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  teardown(async () => {
    await endpoint?.stop();
    endpoint = undefined;
  });

  test("a refused attempt shows the start of the answer's body, escaped, so a 401 says why", async () => {
    const reason = `{"error":"invalid signature \u001b[31m", "pad":"${'x'.repeat(400)}"}`;
    endpoint = await TestEndpoint.start(() => ({ status: 401, body: reason }));
    const env = { env: { MAKINI_WEBHOOK_SECRET: SECRET } };
    const args = ['trigger', 'sync.failed', '--to', endpoint.url(), '--max-attempts', '1'];
    const text = await runCli(args, env);
    assert.equal(text.code, 1);
    const body = /^ {4}body: (.*)$/m.exec(text.stdout)?.[1] ?? '';
    assert.ok(body.startsWith('{"error":"invalid signature \\x1b[31m", "pad":"xxx'), text.stdout);
    assert.ok(body.endsWith(`… (${Buffer.byteLength(reason)} bytes)`), body);
    assert.ok(body.length < 260, 'bounded');
    const json = jsonLines((await runCli([...args, '--json'], env)).stdout);
    assert.match(String(json[0]?.body), /^\{"error":"invalid signature /);
  });

  test('--log-dir logs the delivery as the editor does; replay finds it by its event id', async () => {
    endpoint = await TestEndpoint.statuses(200);
    const logDir = path.join(dir, 'trigger-log');
    const env = { env: { MAKINI_WEBHOOK_SECRET: SECRET } };
    const sent = await runCli(
      ['trigger', 'sync.failed', '--seed', '7', '--to', endpoint.url(), '--log-dir', logDir],
      env,
    );
    assert.equal(sent.code, 0, sent.stderr);
    const eventId = buildEvent('sync.failed', { seed: 7 }).id;
    assert.match(
      sent.stdout,
      new RegExp(`^${eventId}: delivered after 1 attempt \\(delivery dlv_\\w+\\)$`, 'm'),
    );
    const replayed = await runCli(['replay', eventId, '--log-dir', logDir, '--to', endpoint.url()], env);
    assert.equal(replayed.code, 0, replayed.stderr);
    assert.ok(endpoint.received[1]?.body.equals(endpoint.received[0]?.body ?? Buffer.alloc(0)));
  });

  test('delivers a makini-signed event; --json gives attempt and result lines; the secret is not printed', async () => {
    endpoint = await TestEndpoint.statuses(500, 200);
    const result = await runCli([
      'trigger',
      'assets.updated',
      '--to',
      endpoint.url(),
      '--secret',
      SECRET,
      '--retry-base-ms',
      '5',
      '--connection',
      'conn_9',
      '--header',
      'X-Env: test',
      '--json',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const lines = jsonLines(result.stdout);
    const id = lines[0]?.id;
    assert.match(String(id), /^evt_/);
    assert.deepEqual(lines, [
      {
        event: 'attempt',
        id,
        variant: 'valid',
        attempt: 1,
        status: 500,
        ms: lines[0]?.ms,
        next_retry_ms: lines[0]?.next_retry_ms,
      },
      { event: 'attempt', id, variant: 'valid', attempt: 2, status: 200, ms: lines[1]?.ms },
      { event: 'result', id, variant: 'valid', delivered: true, attempts: 2 },
    ]);
    const received = endpoint.received[1];
    assert.ok(received);
    assert.ok(
      getScheme('makini').verify({ headers: received.headers, body: received.body, secrets: [SECRET] }).ok,
    );
    assert.equal(received.headers['x-env'], 'test');
    assert.equal(received.headers['x-makini-event'], 'assets.updated');
    // An entity event goes in the documented ids envelope; its connection rides in our header.
    assert.deepEqual(Object.keys(JSON.parse(received.body.toString()) as object), ['event', 'body']);
    assert.equal(received.headers['x-makini-connection-id'], 'conn_9');
    assert.ok(!result.stdout.includes(SECRET) && !result.stderr.includes(SECRET));
  });

  test('standard scheme, secret from MAKINI_WEBHOOK_SECRET, duplicates give one result line each with one id', async () => {
    endpoint = await TestEndpoint.statuses(204);
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const result = await runCli(
      [
        'trigger',
        'sync.failed',
        '--to',
        endpoint.url(),
        '--scheme',
        'standard',
        '--duplicates',
        '3',
        '--json',
      ],
      { env: { MAKINI_WEBHOOK_SECRET: secret } },
    );
    assert.equal(result.code, 0, result.stderr);
    const results = jsonLines(result.stdout).filter((l) => l.event === 'result');
    assert.equal(results.length, 3);
    assert.equal(new Set(results.map((r) => r.id)).size, 1);
    for (const r of endpoint.received)
      assert.ok(getScheme('standard').verify({ headers: r.headers, body: r.body, secrets: [secret] }).ok);
  });

  test('a custom signature header name is used', async () => {
    endpoint = await TestEndpoint.statuses(200);
    const result = await runCli([
      'trigger',
      'sites.inserted',
      '--to',
      endpoint.url(),
      '--secret',
      SECRET,
      '--signature-header',
      'X-Hub-Sig',
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(endpoint.received[0]?.headers['x-hub-sig']);
    assert.match(result.stdout, /attempt 1: 200 OK .* -> delivered/);
    assert.match(result.stdout, /delivered after 1 attempt/);
  });

  test('--encoding hex writes the HMAC in hex over the exact bytes sent, in the documented header', async () => {
    endpoint = await TestEndpoint.statuses(200);
    const args = [
      'trigger',
      'sync.completed',
      '--to',
      endpoint.url(),
      '--secret',
      SECRET,
      '--encoding',
      'hex',
    ];
    const result = await runCli(args);
    assert.equal(result.code, 0, result.stderr);
    const received = endpoint.received[0];
    const expected = createHmac('sha256', SECRET)
      .update(received?.body ?? Buffer.alloc(0))
      .digest('hex');
    assert.equal(received?.headers['x-webhook-signature'], expected);
  });

  test('--envelope, aliases and ids files: the type is read as documented, the body shaped as asked', async () => {
    endpoint = await TestEndpoint.statuses(200);
    const base = ['--to', endpoint.url(), '--secret', SECRET, '--connection', 'conn_5'];
    const detailed = await runCli(['trigger', 'asset.updated', '--envelope', 'detailed', ...base]);
    assert.equal(detailed.code, 0, detailed.stderr);
    const sent = JSON.parse(endpoint.received[0]?.body.toString() ?? '{}') as Record<string, unknown>;
    assert.equal(sent.type, 'assets.updated', 'the alias is sent as the documented name');
    assert.equal(sent.connection_id, 'conn_5');
    assert.equal(endpoint.received[0]?.headers['x-makini-connection-id'], undefined, 'in the body instead');

    const file = path.join(dir, 'ids.json');
    fs.writeFileSync(file, JSON.stringify({ event: 'work_order.updated', body: ['wo_1', 'wo_2'] }));
    const ids = await runCli(['trigger', 'work_orders.updated', '--data', file, ...base]);
    assert.equal(ids.code, 0, ids.stderr);
    assert.deepEqual(JSON.parse(endpoint.received[1]?.body.toString() ?? '{}'), {
      event: 'work_orders.updated',
      body: ['wo_1', 'wo_2'],
    });

    const clash = await runCli([
      'trigger',
      'work_orders.updated',
      '--data',
      file,
      '--envelope',
      'detailed',
      ...base,
    ]);
    assert.equal(clash.code, 2);
    assert.match(clash.stderr, /--data holds an ids envelope/);
    const faq = await runCli(['trigger', 'system.error', '--envelope', 'ids', ...base]);
    assert.equal(faq.code, 2);
    assert.match(faq.stderr, /'system\.error' exists only in the detailed envelope/);
    assert.equal(endpoint.received.length, 2, 'wrong usage sends nothing');
  });

  test('--data replaces the sample data (file or stdin) and is validated', async () => {
    endpoint = await TestEndpoint.statuses(200);
    const data = buildEvent('flow.custom', { seed: 1 }).data;
    const file = path.join(dir, 'data.json');
    fs.writeFileSync(file, JSON.stringify({ ...data, flow_name: 'From a file' }));
    const fromFile = await runCli([
      'trigger',
      'flow.custom',
      '--to',
      endpoint.url(),
      '--secret',
      SECRET,
      '--data',
      file,
    ]);
    assert.equal(fromFile.code, 0, fromFile.stderr);
    const sent = JSON.parse(endpoint.received[0]?.body.toString() ?? '{}') as { data: { flow_name: string } };
    assert.equal(sent.data.flow_name, 'From a file');
    const fromStdin = await runCli(
      ['trigger', 'flow.custom', '--to', endpoint.url(), '--secret', SECRET, '--data', '-'],
      {
        stdin: JSON.stringify({ type: 'flow.custom', connection_id: 'conn_stdin', data }),
      },
    );
    assert.equal(fromStdin.code, 0, fromStdin.stderr);
    assert.equal(
      (JSON.parse(endpoint.received[1]?.body.toString() ?? '{}') as { connection_id: string }).connection_id,
      'conn_stdin',
    );

    fs.writeFileSync(file, JSON.stringify({ ...data, flow_id: 7 }));
    const invalid = await runCli([
      'trigger',
      'flow.custom',
      '--to',
      endpoint.url(),
      '--secret',
      SECRET,
      '--data',
      file,
    ]);
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /data\.json: flow_id: expected a string, got a number$/m);
    assert.equal(endpoint.received.length, 2, 'nothing sent for invalid data');
  });

  test('exit 1 when a delivery finally fails', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/`;
    const result = await runCli([
      'trigger',
      'system.error',
      '--to',
      url,
      '--secret',
      SECRET,
      '--max-attempts',
      '2',
      '--retry-base-ms',
      '1',
    ]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /attempt 1: refused: .* -> retry in/);
    assert.match(result.stdout, /attempt 2: refused: .* -> giving up \(max_attempts\)/);
    assert.match(result.stdout, /failed after 2 attempt/);
  });

  test('Ctrl-C during the wait for a retry ends the send at once: the delivery is cancelled, exit 1', async () => {
    endpoint = await TestEndpoint.statuses(500);
    const args = ['assets.updated', '--to', endpoint.url(), '--secret', SECRET, '--retry-base-ms', '600000'];
    const run = startCli(['trigger', ...args]);
    try {
      assert.match(await run.line(1), /attempt 1: 500 .* -> retry in/);
      const interrupted = Date.now();
      run.child.kill('SIGINT');
      assert.equal(await run.exit(), 1);
      assert.ok(Date.now() - interrupted < 5_000, 'it did not wait for the retry');
      assert.match(run.lines[2] ?? '', /^evt_\w+: cancelled after 1 attempt$/);
      assert.equal(endpoint.received.length, 1);
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  const usageCases: [string, string[], RegExp][] = [
    ['no --to', ['trigger', 'sync.completed', '--secret', 's'], /--to URL is required/],
    [
      'no secret',
      ['trigger', 'sync.completed', '--to', 'http://127.0.0.1:1/'],
      /no signing secret: set MAKINI_WEBHOOK_SECRET .*, or pass --secret S/,
    ],
    [
      'unknown variant',
      ['trigger', 'sync.completed', '--to', 'http://127.0.0.1:1/', '--secret', 's', '--variant', 'broken'],
      /Unknown variant 'broken'\. Use one of: valid, bad-signature, other-secret, stale-timestamp, missing-signature, invalid-payload, wrong-content-type/,
    ],
    [
      'stale-timestamp with the makini scheme',
      [
        'trigger',
        'sync.completed',
        '--to',
        'http://127.0.0.1:1/',
        '--secret',
        's',
        '--variant',
        'stale-timestamp',
      ],
      /The makini scheme signs no timestamp.*use --scheme standard for stale-timestamp/,
    ],
    [
      'unknown scheme',
      ['trigger', 'sync.completed', '--to', 'http://127.0.0.1:1/', '--secret', 's', '--scheme', 'hmac'],
      /--scheme must be one of makini, standard/,
    ],
    [
      'bad secret for standard',
      [
        'trigger',
        'sync.completed',
        '--to',
        'http://127.0.0.1:1/',
        '--secret',
        'plain',
        '--scheme',
        'standard',
      ],
      /whsec_/,
    ],
    [
      'bad URL',
      ['trigger', 'sync.completed', '--to', 'localhost:4000', '--secret', 's'],
      /not a URL|not 'localhost:'/,
    ],
    [
      'bad header',
      ['trigger', 'sync.completed', '--to', 'http://127.0.0.1:1/', '--secret', 's', '--header', 'nocolon'],
      /--header takes 'Name: value'/,
    ],
    [
      'bad number',
      ['trigger', 'sync.completed', '--to', 'http://127.0.0.1:1/', '--secret', 's', '--duplicates', '0'],
      /--duplicates takes a whole number from 1/,
    ],
    [
      'bad encoding',
      ['trigger', 'sync.completed', '--to', 'http://127.0.0.1:1/', '--secret', 's', '--encoding', 'b64'],
      /--encoding must be one of base64, hex, got 'b64'/,
    ],
    [
      'encoding with the standard scheme',
      [
        'trigger',
        'sync.completed',
        '--to',
        'http://127.0.0.1:1/',
        '--scheme',
        'standard',
        '--secret',
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        '--encoding',
        'hex',
      ],
      /--encoding applies to the makini scheme only/,
    ],
    [
      'unknown flag',
      ['trigger', 'sync.completed', '--to', 'http://127.0.0.1:1/', '--secret', 's', '--retries', '3'],
      /--retries/,
    ],
  ];
  for (const [name, args, message] of usageCases) {
    test(`wrong usage exits 2 with a message: ${name}`, async () => {
      const result = await runCli(args);
      assert.equal(result.code, 2);
      assert.match(result.stderr, message);
      assert.match(result.stderr, /Usage: makini-devtools trigger/);
    });
  }
});
