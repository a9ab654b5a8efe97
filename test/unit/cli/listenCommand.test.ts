import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { eventBody, postSigned, request } from '../core/receiver/receiverFixture';
import { runCli, type RunningCli, startCli } from '../../support/cli';

const SECRET = 'cli-test-secret-3f9a';

interface Listening extends RunningCli {
  readonly url: string;
}

/** Starts `listen` and waits for its first line (the URL; empty when it exits first). */
async function listen(args: string[], env: Record<string, string> = {}): Promise<Listening> {
  const run = startCli(['listen', ...args], { env });
  const first = await run.line(0).catch(() => '');
  const url = /http:\/\/[^\s)"]+/.exec(first)?.[0] ?? '';
  return { ...run, url };
}

suite('cli listen', () => {
  let dir: string;
  const children: ChildProcessWithoutNullStreams[] = [];

  setup(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-listen-'));
  });

  teardown(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('--json prints the listening line, then one line per request; SIGTERM stops it and flushes the log', async () => {
    const run = await listen(['--json', '--secret', SECRET, '--log-dir', dir]);
    children.push(run.child);
    assert.deepEqual(JSON.parse(run.lines[0] ?? ''), { event: 'listening', url: run.url });
    assert.match(run.url, /^http:\/\/127\.0\.0\.1:\d+\/webhooks$/, "the editor's path by default");
    const event = eventBody();
    assert.equal((await postSigned(run.url, 'makini', [SECRET], event)).status, 200);
    const received = JSON.parse(await run.line(1)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(received), [
      'event',
      'receipt_id',
      'id',
      'type',
      'connection_id',
      'verified',
      'signed_as',
      'duplicate',
      'duplicate_key',
      'envelope',
      'outcome',
      'status',
      'ms',
    ]);
    assert.equal(received.event, 'received');
    assert.equal(received.id, event.id);
    assert.equal(received.verified, true);
    assert.deepEqual(received.signed_as, {
      header: 'x-webhook-signature',
      encoding: 'base64',
      content: 'raw',
    });
    assert.equal(received.status, 200);
    await postSigned(run.url, 'makini', ['wrong-secret-value']);
    const refused = JSON.parse(await run.line(2)) as Record<string, unknown>;
    assert.equal(refused.reason, 'mismatch');
    assert.equal(refused.status, 401);
    // Nothing matched: a wrong secret, told apart from a wrong method by what was expected.
    const unmatched = refused.diagnosis as Record<string, unknown>;
    assert.equal(unmatched.matched, false);
    assert.match(String(unmatched.fix), /secret is wrong/);
    assert.equal((unmatched.expected as Record<string, unknown>).header, 'x-webhook-signature');
    await postSigned(run.url, 'makini', [SECRET], event);
    assert.equal((JSON.parse(await run.line(3)) as Record<string, unknown>).duplicate, true);

    run.child.kill('SIGTERM');
    assert.equal(await run.exit(), 0);
    const onDisk = fs
      .readdirSync(dir)
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
      .join('');
    assert.equal(onDisk.trim().split('\n').length, 3);
    assert.ok(onDisk.includes(String(received.receipt_id)));
    // The secret is in no record, no output line and no error line.
    for (const text of [onDisk, run.lines.join('\n'), run.stderr()]) assert.ok(!text.includes(SECRET));
  });

  test('human output: one line per webhook with type, connection, check, duplicate and status', async () => {
    const run = await listen(['--path', '/hooks'], { MAKINI_WEBHOOK_SECRET: SECRET });
    children.push(run.child);
    assert.match(
      run.lines[0] ?? '',
      /^Listening on http:\/\/127\.0\.0\.1:\d+\/hooks \(verifying makini signatures with 1 secret\)/,
    );
    const event = eventBody();
    await postSigned(run.url, 'makini', [SECRET], event);
    const line = await run.line(1);
    assert.match(
      line,
      /^\d\d:\d\d:\d\d {2}sync\.completed {2}evt_\w+ {2}conn_test {2}✓ verified {2}200 {2}\d+ms {2}rcpt_[\w-]+$/,
    );
    assert.ok(line.includes(`  ${event.id}  `), 'the event id');
    await request(run.url, { headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.match(await run.line(2), /✗ missing_header {2}401/);
    run.child.kill('SIGINT');
    assert.equal(await run.exit(), 0);
    assert.ok(!run.lines.join('\n').includes(SECRET) && !run.stderr().includes(SECRET));
  });

  test('a webhook signed another way is refused with the diagnosis: --json carries it, text prints the fix', async () => {
    const json = await listen(['--json'], { MAKINI_WEBHOOK_SECRET: SECRET });
    const text = await listen([], { MAKINI_WEBHOOK_SECRET: SECRET });
    children.push(json.child, text.child);
    const event = eventBody();
    const hex = createHmac('sha256', SECRET).update(event.body).digest('hex');
    const headers = { 'content-type': 'application/json', 'x-hub-signature': `sha256=${hex}` };
    for (const run of [json, text])
      assert.equal((await request(run.url, { headers, body: event.body })).status, 401);
    const refused = JSON.parse(await json.line(1)) as Record<string, unknown>;
    const fix =
      'Set makini.webhooks.signatureHeader to x-hub-signature and makini.webhooks.signatureEncoding to hex ' +
      '(CLI: --signature-header x-hub-signature; send with --encoding hex).';
    assert.deepEqual(refused.diagnosis, {
      header: 'x-hub-signature',
      encoding: 'hex',
      content: 'raw',
      secret: 'secret 1 of 1, as UTF-8',
      scheme: 'makini',
      fix,
    });
    assert.equal(refused.reason, 'missing_header');
    assert.match(await text.line(1), /✗ missing_header {2}401/);
    assert.equal(await text.line(2), `  fix: ${fix}`);
    for (const run of [json, text]) {
      run.child.kill('SIGTERM');
      assert.equal(await run.exit(), 0);
      assert.ok(!run.lines.join('\n').includes(SECRET));
    }
  });

  test('by default only /webhooks takes webhooks, as in the editor; other paths answer 404', async () => {
    const run = await listen(['--json']);
    children.push(run.child);
    const json = { 'content-type': 'application/json' };
    const root = new URL('/', run.url).toString();
    assert.equal((await request(root, { headers: json, body: eventBody().body })).status, 404);
    assert.equal((await request(run.url, { headers: json, body: eventBody().body })).status, 200);
    run.child.kill('SIGTERM');
    assert.equal(await run.exit(), 0);
  });

  test('failure simulation flags shape the answers', async () => {
    const run = await listen(['--json', '--fail-first', '1']);
    children.push(run.child);
    const event = eventBody();
    const json = { 'content-type': 'application/json' };
    assert.equal((await request(run.url, { headers: json, body: event.body })).status, 500);
    assert.equal((await request(run.url, { headers: json, body: event.body })).status, 200);
    run.child.kill('SIGTERM');
    assert.equal(await run.exit(), 0);
  });

  test('bad flags exit 2 and say what was wrong', async () => {
    const cases: [string[], RegExp][] = [
      [['--scheme', 'hmac'], /--scheme must be one of makini, standard, got 'hmac'/],
      [['--respond', '42'], /--respond takes a whole number from 100 to 599/],
      [['--forward-to', 'ftp://x'], /not an http\(s\) URL/],
      [['--scheme', 'standard', '--secret', 'not-a-whsec-%%'], /secret is not usable/],
      [['--bogus'], /Unknown option '--bogus'/],
      [['--scheme', 'makini', '--tolerance', '300'], /--tolerance applies to the standard scheme only/],
      [['--tolerance', '300'], /the makini scheme signs no timestamp/],
      [['--scheme', 'standard', '--tolerance', 'soon'], /--tolerance takes a whole number/],
      [['--path', 'webhooks'], /--path takes a URL path starting with \//],
      [['--fsync'], /--fsync applies to the log/],
    ];
    for (const [args, message] of cases) {
      const failed = await runCli(['listen', ...args]);
      assert.equal(failed.code, 2, args.join(' '));
      assert.match(failed.stderr, message);
      assert.ok(!failed.stderr.includes('not-a-whsec-%%'), 'the secret is not echoed');
    }
  });

  test('--host with an address other machines can reach warns on stderr', async () => {
    const run = await listen(['--json', '--host', '0.0.0.0']);
    children.push(run.child);
    assert.match(run.url, /^http:\/\/0\.0\.0\.0:\d+\/webhooks$/);
    run.child.kill('SIGTERM');
    assert.equal(await run.exit(), 0);
    assert.equal(
      run.stderr(),
      'warning: listening on 0.0.0.0: other machines on the network can send to this receiver.\n',
    );
  });

  test('a port already taken fails with exit 1 and says so', async () => {
    const first = await listen(['--json']);
    children.push(first.child);
    const port = new URL(first.url).port;
    const second = await listen(['--port', port]);
    assert.equal(await second.exit(), 1);
    assert.match(second.stderr(), /^makini-devtools listen: Cannot listen on 127\.0\.0\.1:\d+/);
    assert.doesNotMatch(second.stderr(), /Usage:/, 'a taken port is not wrong usage');
  });
});
