import * as assert from 'node:assert/strict';
import { EVENT_TYPES } from '../../../src/core/events/catalog';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jsonLines, runCli } from '../../support/cli';
import { type HandlerBehaviour, StandInHandler } from '../core/checks/standInHandler';
import { findAll, parseXml } from '../core/checks/xmlTree';
import { closedPort } from '../core/sender/testEndpoint';

const SECRET = 'cli-check-secret';

suite('cli check', () => {
  let handler: StandInHandler | undefined;
  let dir: string;
  suiteSetup(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-check-'));
  });
  suiteTeardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  teardown(async () => {
    await handler?.stop();
    handler = undefined;
  });

  async function start(behaviour: Partial<HandlerBehaviour> = {}): Promise<string> {
    handler = await StandInHandler.start({ secret: SECRET, ...behaviour });
    return handler.url();
  }

  test('a correct handler: a table of twelve checks, exit 0, and the secret is not printed', async () => {
    const url = await start();
    const result = await runCli(['check', '--to', url, '--secret', SECRET]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /^Endpoint checks for http:\/\/127\.0\.0\.1:\d+\/webhooks \(makini signature\)$/m,
    );
    assert.match(
      result.stdout,
      new RegExp(
        `^ 1 {2}Accepts every event type +PASS {2}all ${EVENT_TYPES.length} event types answered 2xx$`,
        'm',
      ),
    );
    assert.match(result.stdout, /^10 {2}Does not redirect +PASS/m);
    assert.match(result.stdout, /^11 {2}Verifies the raw bytes +PASS/m);
    assert.match(result.stdout, /^12 {2}Accepts the documented ids envelope +PASS/m);
    assert.match(result.stdout, /^Passed: 11 passed, 0 failed, 0 warned, 1 skipped in /m);
    assert.ok(!result.stdout.includes(SECRET) && !result.stderr.includes(SECRET));
  });

  test('a handler that skips verification: --json lines show checks 3 to 5 failing, exit 1', async () => {
    const url = await start({ verify: false });
    const result = await runCli(['check', '--to', url, '--json'], { env: { MAKINI_WEBHOOK_SECRET: SECRET } });
    assert.equal(result.code, 1, result.stderr);
    const lines = jsonLines(result.stdout);
    assert.equal(lines.length, 13);
    const failed = lines.filter((l) => l.status === 'fail').map((l) => l.number);
    assert.deepEqual(failed, [3, 4, 5]);
    assert.deepEqual(lines[12], { ...lines[12], event: 'summary', passed: false, fail: 3, total: 12 });
    assert.ok(!result.stdout.includes(SECRET));
  });

  test('--junit writes a well-formed report with one test case per check and failures with messages', async () => {
    const url = await start({ verify: false });
    const file = path.join(dir, 'endpoint-checks.xml');
    const result = await runCli(['check', '--to', url, '--secret', SECRET, '--junit', file]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /^3\. Rejects a wrong signature: FAIL$/m);
    const xml = fs.readFileSync(file, 'utf8');
    assert.ok(!xml.includes(SECRET));
    const root = parseXml(xml);
    assert.equal(root.attributes.failures, '3');
    const cases = findAll(root, 'testcase');
    assert.equal(cases.length, 12);
    const failures = cases.flatMap((c) => findAll(c, 'failure'));
    assert.deepEqual(
      failures.map((f) => f.attributes.type),
      ['rejects-wrong-signature', 'rejects-missing-signature', 'rejects-tampered-body'],
    );
    assert.equal(failures[0]?.attributes.message, 'accepted with 200 OK');
    assert.match(failures[0]?.text ?? '', /anyone can forge/);
    assert.match(failures[0]?.text ?? '', /request: printf '.*' \| curl /);
  });

  test('warnings alone still exit 0; --only picks the checks', async () => {
    const url = await start({ delayMs: 40 });
    const result = await runCli([
      'check',
      '--to',
      url,
      '--secret',
      SECRET,
      '--only',
      '2',
      '--warn-ms',
      '10',
      '--json',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const lines = jsonLines(result.stdout);
    assert.deepEqual(
      lines.map((l) => [l.event, l.status ?? l.passed]),
      [
        ['check', 'warn'],
        ['summary', true],
      ],
    );
  });

  test('a redirect fails check 10 with its location, exit 1', async () => {
    const url = await start({ redirectTo: 'https://hooks.example.invalid/in' });
    const result = await runCli(['check', '--to', url, '--secret', SECRET, '--only', 'no-redirects']);
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stdout,
      /^10 {2}Does not redirect +FAIL {2}redirected: 301 with location https:\/\/hooks\.example\.invalid\/in$/m,
    );
  });

  test('an endpoint nobody listens on: one line, exit 1, and no other request', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/webhooks`;
    const result = await runCli(['check', '--to', url], { env: { MAKINI_WEBHOOK_SECRET: SECRET } });
    assert.equal(result.code, 1, result.stderr);
    assert.equal(
      result.stdout,
      `Failed: could not connect to ${url} (ECONNREFUSED): is the endpoint running and listening on that port? No check was run.\n`,
    );
  });

  const usageCases: [string, string[], RegExp][] = [
    ['no --to', ['--secret', SECRET], /--to URL is required/],
    ['no secret', ['--to', 'http://127.0.0.1:9/'], /no signing secret/],
    [
      'an unknown check',
      ['--to', 'http://127.0.0.1:9/', '--secret', SECRET, '--only', '1,42'],
      /'42' names no check/,
    ],
    [
      'an unknown scheme',
      ['--to', 'http://127.0.0.1:9/', '--secret', SECRET, '--scheme', 'hmac'],
      /--scheme must be one of/,
    ],
    ['a URL that is not http', ['--to', 'ftp://127.0.0.1/', '--secret', SECRET], /not 'ftp:'/],
    [
      'a warning above the deadline',
      ['--to', 'http://127.0.0.1:9/', '--secret', SECRET, '--deadline-ms', '100', '--warn-ms', '200'],
      /--warn-ms takes a whole number from 1 to 100/,
    ],
    [
      'a standard secret that is not whsec_',
      ['--to', 'http://127.0.0.1:9/', '--secret', 'plain', '--scheme', 'standard'],
      /whsec_/,
    ],
    ['an unknown flag', ['--to', 'http://127.0.0.1:9/', '--secret', SECRET, '--fast'], /--fast/],
    [
      'a tolerance with the makini scheme',
      ['--to', 'http://127.0.0.1:9/', '--secret', SECRET, '--scheme', 'makini', '--tolerance-seconds', '300'],
      /--tolerance-seconds applies to the standard scheme only: the makini scheme signs no timestamp/,
    ],
  ];
  for (const [what, args, message] of usageCases) {
    test(`wrong usage (${what}) exits 2 with a message and the usage`, async () => {
      const result = await runCli(['check', ...args]);
      assert.equal(result.code, 2, result.stdout);
      assert.match(result.stderr, message);
      assert.match(result.stderr, /Usage: makini-devtools check --to URL/);
      assert.equal(result.stdout, '');
    });
  }
});
