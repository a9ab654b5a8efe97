import * as assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { buildEvent } from '../../../../src/core/events/catalog';
import { seededRandom } from '../../../../src/core/random/seededRandom';
import { type CurlRequest, toCurl } from '../../../../src/core/sender/curlCommand';
import { WebhookSender } from '../../../../src/core/sender/webhookSender';
import { getScheme } from '../../../../src/core/signing/schemes';
import { emptyDir, RAW_CONTROL, runInShell, shells } from './shellRun';
import { TestEndpoint } from './testEndpoint';
import { detailedWebhook } from '../../../../src/core/events/envelope';

const run = promisify(execFile);

/** `size` bytes from a seeded generator: every byte value, NULs and invalid UTF-8 included. */
function seededBytes(size: number, seed: number): Buffer {
  const random = seededRandom(seed);
  return Buffer.from(Array.from({ length: size }, () => Math.floor(random() * 256)));
}

suite('sender/curlCommand', () => {
  let endpoint: TestEndpoint;
  let sender: WebhookSender;
  let dir: string;
  setup(async () => {
    sender = new WebhookSender();
    endpoint = await TestEndpoint.start(() => ({ status: 200, body: 'ok' }));
    dir = emptyDir('makini-curl-');
  });
  teardown(async () => {
    await sender.dispose();
    await endpoint.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const name of ['makini', 'standard'] as const) {
    test(`the curl command repeats a ${name} attempt and the endpoint verifies it`, async () => {
      await endpoint.stop();
      const scheme = getScheme(name);
      const secret = name === 'standard' ? 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' : "it's secret";
      endpoint = await TestEndpoint.start((r) => {
        const verified = scheme.verify({ headers: r.headers, body: r.body, secrets: [secret] });
        return verified.ok ? { status: 200, body: 'verified' } : { status: 401, body: verified.reason };
      });
      // The flow payload holds quotes and non-ASCII text, which the shell quoting must keep intact.
      const event = buildEvent('flow.custom', {
        data: { flow_id: 'flow_1', flow_name: "Tom's flow", payload: { note: 'café "quoted" $HOME `x`' } },
      });
      const [delivery] = await sender.send({
        url: endpoint.url(),
        event: detailedWebhook(event),
        scheme,
        secrets: [secret],
      });
      const attempt = delivery?.attempts[0];
      assert.ok(attempt);
      const command = toCurl(attempt);
      assert.ok(!command.includes(secret), 'the secret is not in the command');
      const { stdout } = await run('sh', ['-c', command]);
      assert.match(stdout, /^HTTP\/1\.1 200/);
      assert.match(stdout, /verified$/);
      const [original, replay] = endpoint.received;
      assert.deepEqual(replay?.body, original?.body);
      // Node's keep-alive agent says so in a header; curl needs none for that on HTTP/1.1.
      const sent = { ...original?.headers };
      delete sent.connection;
      assert.deepEqual(replay?.headers, sent, 'curl adds no header of its own');
    });
  }

  const secretFile = (): string => {
    const file = path.join(dir, 'local-file.txt');
    fs.writeFileSync(file, 'CONTENTS OF A LOCAL FILE');
    return file;
  };
  const bodies: [string, () => Buffer][] = [
    ['@ first (a file name)', () => Buffer.from(`@${secretFile()}`)],
    ['@/etc/hostname', () => Buffer.from('@/etc/hostname')],
    ['$() and backticks', () => Buffer.from('{"a":"$(touch dollar)","b":"`touch tick`","c":"${HOME}"}')],
    ['quotes, backslashes and printf directives', () => Buffer.from(`'"\\'\\n%s%d%%\\0 -x`)],
    ['a leading dash', () => Buffer.from('-v --help')],
    ['newlines, CR and no final newline', () => Buffer.from('line 1\nline 2\r\n\n  indented')],
    ['a final newline', () => Buffer.from('{"x":1}\n')],
    [
      'NUL and invalid UTF-8',
      () => Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x7d]),
    ],
    ['ESC, BEL and C1 controls', () => Buffer.from('\u001b]0;pwned\u0007 \u009b31m \u202e')],
    ['the empty body', () => Buffer.alloc(0)],
    ['200 KiB of every byte value', () => seededBytes(200 * 1024, 0x5eed)],
  ];

  for (const [label, makeBody] of bodies) {
    test(`the command run in a shell sends exactly the bytes: ${label}`, async () => {
      const body = makeBody();
      const urlPath = '/hooks/a[1-3]/{x,y}/%7E?q=[0]';
      const request: CurlRequest = {
        url: endpoint.url(urlPath),
        headers: { 'content-type': 'application/json', 'x-note': `it's "$(touch header)" \`x\`` },
        // Text as a record holds it; only bytes that are not UTF-8 need the exact form.
        body: isUtf8(body) ? body.toString('utf8') : body,
        timeoutMs: 10_000,
      };
      const command = toCurl({ request });
      assert.ok(!RAW_CONTROL.test(command), 'no raw control character in the command');
      assert.ok(!command.includes('\n'), 'one line');
      for (const shell of shells()) {
        const result = await runInShell(shell, command, dir);
        assert.equal(result.code, 0, `${shell}: ${result.stderr}`);
        assert.match(result.stdout, /^HTTP\/1\.1 200/, shell);
      }
      assert.equal(endpoint.received.length, shells().length, 'one request per run: no URL globbing');
      for (const received of endpoint.received) {
        assert.equal(received.path, urlPath);
        assert.ok(received.body.equals(body), `body of ${received.body.length} bytes, not ${body.length}`);
        assert.equal(received.headers['x-note'], `it's "$(touch header)" \`x\``);
        assert.equal(received.headers['content-type'], 'application/json');
        assert.equal(received.headers.expect, undefined);
      }
      assert.deepEqual(
        fs.readdirSync(dir).filter((f) => f !== 'local-file.txt'),
        [],
        'nothing ran',
      );
    });
  }

  test('headers keep their exact bytes: latin1, empty values, quotes; no header of curl is added', async () => {
    const request: CurlRequest = {
      url: endpoint.url(),
      headers: { 'x-latin1': 'caf\u00e9', 'x-empty': '', 'x-quote': `'; touch pwned; '` },
      body: '{}',
      timeoutMs: 10_000,
    };
    const result = await runInShell('bash', toCurl({ request }), dir);
    assert.equal(result.code, 0, result.stderr);
    const headers = endpoint.received[0]?.headers ?? {};
    assert.equal(Buffer.from(String(headers['x-latin1']), 'latin1').toString('hex'), '636166e9');
    assert.equal(headers['x-empty'], '');
    assert.equal(headers['x-quote'], `'; touch pwned; '`);
    for (const added of ['accept', 'user-agent', 'content-type', 'expect'])
      assert.equal(headers[added], undefined, added);
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});
