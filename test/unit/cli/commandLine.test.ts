import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../support/cli';

const COMMANDS = [
  'events',
  'sample',
  'trigger',
  'check',
  'listen',
  'replay',
  'log',
  'sandbox',
  'connections',
  'api',
];

/** The flags a synopsis names: `--to`, `--secret`, ... */
function synopsisFlags(help: string): string[] {
  const synopsis = help.slice(help.indexOf('Usage:'), help.indexOf('\nOptions:'));
  return [...new Set([...synopsis.matchAll(/--[a-z-]+/g)].map((m) => m[0]))];
}

suite('cli command lines', () => {
  for (const name of COMMANDS) {
    test(`${name} --help lists every flag of its synopsis, each with its default or as required`, async () => {
      const result = await runCli([name, '--help']);
      assert.equal(result.code, 0, result.stderr);
      const options =
        result.stdout.split('\nOptions:\n')[1]?.split('\n\n')[0]?.split('\n').filter(Boolean) ?? [];
      assert.ok(options.length > 0, result.stdout);
      for (const line of options) assert.match(line, /\((default: .+|required)\)$/, line);
      const listed = options.map((line) => /^ {2}(--[a-z-]+)/.exec(line)?.[1]);
      for (const flag of synopsisFlags(result.stdout)) assert.ok(listed.includes(flag), `${name}: ${flag}`);
    });
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-cli-lines-'));
  suiteTeardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const secret = { MAKINI_WEBHOOK_SECRET: 'command-line-secret' };
  const wrong: [string, string[], RegExp, Record<string, string>?][] = [
    [
      'trigger: a URL without a scheme',
      ['trigger', 'sync.failed', '--to', '127.0.0.1:18787/webhooks'],
      /--to: '127\.0\.0\.1:18787\/webhooks' is not a URL/,
      secret,
    ],
    [
      'trigger: a bad --retry-base-ms',
      ['trigger', 'sync.failed', '--to', 'http://127.0.0.1:9/', '--retry-base-ms', 'soon'],
      /--retry-base-ms takes/,
      secret,
    ],
    [
      'trigger: an unusable standard secret',
      ['trigger', 'sync.failed', '--to', 'http://127.0.0.1:9/', '--scheme', 'standard'],
      /secret is not usable/,
      secret,
    ],
    [
      'sandbox: a webhook URL that is no URL',
      ['sandbox', '--webhook-url', 'nope'],
      /--webhook-url: 'nope' is not a URL/,
      secret,
    ],
    [
      'replay: a URL without a scheme',
      ['replay', 'evt_1', '--log-dir', dir, '--to', 'localhost:3000'],
      /--to: .*http or https/,
      secret,
    ],
    [
      'check: --junit in a folder that does not exist',
      ['check', '--to', 'http://127.0.0.1:9/', '--junit', path.join(dir, 'no', 'such', 'r.xml')],
      /--junit .*cannot write in/,
      secret,
    ],
    [
      'connections: an --api-url that is no URL, with credentials',
      ['connections', '--api-url', 'api.makini.io'],
      /--api-url: 'api\.makini\.io' is not a URL/,
      { MAKINI_CLIENT_ID: 'id', MAKINI_CLIENT_SECRET: 'secret' },
    ],
    ['listen: a path without its slash', ['listen', '--path', 'webhooks'], /--path takes a URL path/],
  ];
  for (const [what, args, message, env] of wrong) {
    test(`wrong usage is found before any output or side effect (${what}): exit 2, nothing on stdout`, async () => {
      const result = await runCli(args, env ? { env } : {});
      assert.equal(result.code, 2, result.stdout);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, message);
      assert.match(result.stderr, /^Usage: makini-devtools /m);
      assert.doesNotMatch(result.stderr, /^warning:/m, 'not even a warning comes first');
    });
  }

  test('--secret works, and warns on stderr that it ends up in shell history', async () => {
    const result = await runCli([
      'trigger',
      'sync.failed',
      '--to',
      'http://127.0.0.1:9/',
      '--secret',
      'flag-secret',
      '--max-attempts',
      '1',
    ]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^warning: --secret leaves the secret in your shell history/m);
    assert.ok(!result.stdout.includes('flag-secret') && !result.stderr.includes('flag-secret'));
  });
});
