import * as assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { runCli, startCli } from '../../support/cli';

/** Runs the CLI to its end; the env holds only what the test names. */
function cliResult(args: string[], env: Record<string, string> = {}): ReturnType<typeof runCli> {
  return runCli(args, { env });
}

suite('cli sandbox and connections', () => {
  const children: ChildProcessWithoutNullStreams[] = [];
  teardown(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });

  test('sandbox --json prints its URL and demo credentials, then a line per change; connections reads it', async () => {
    const sandbox = startCli(['sandbox', '--json', '--seed', '4']);
    children.push(sandbox.child);
    const listening = JSON.parse(await sandbox.line(0)) as Record<string, string>;
    assert.equal(listening.event, 'listening');
    assert.match(listening.url ?? '', /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(listening.client_id, 'makini-sandbox');
    assert.equal(typeof listening.client_secret, 'string');

    const listed = await cliResult(['connections', '--api-url', listening.url ?? '', '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const rows = listed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
    assert.equal(rows.length, 8);
    const globex = rows.find((r) => r.name?.startsWith('Globex'));
    assert.deepEqual(
      {
        provider: globex?.provider,
        status: globex?.status,
        sync: globex?.sync_status,
        health: globex?.health,
      },
      { provider: 'UpKeep', status: 'Active', sync: 'fail', health: 'auth_required' },
    );

    const key = rows[0]?.key ?? '';
    const answer = await fetch(new URL(`/_sandbox/connections/${key}/rotate-credentials`, listening.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(answer.status, 200);
    const change = JSON.parse(await sandbox.line(1)) as Record<string, string>;
    assert.deepEqual(
      { event: change.event, kind: change.kind, id: change.connection_id },
      { event: 'change', kind: 'credentials_rotated', id: key },
    );

    sandbox.child.kill('SIGTERM');
    assert.equal(await sandbox.exit(), 0);
    assert.equal(sandbox.stderr(), '', 'a sandbox on loopback prints no warning');
  });

  test('sandbox --host with an address other machines can reach warns on stderr, as listen does', async () => {
    const sandbox = startCli(['sandbox', '--json', '--host', '0.0.0.0', '--port', '0']);
    children.push(sandbox.child);
    const listening = JSON.parse(await sandbox.line(0)) as Record<string, string>;
    assert.match(listening.url ?? '', /^http:\/\/0\.0\.0\.0:\d+\/$/);
    sandbox.child.kill('SIGTERM');
    assert.equal(await sandbox.exit(), 0);
    assert.match(
      sandbox.stderr(),
      /^warning: listening on 0\.0\.0\.0: other machines on the network can use this sandbox/m,
    );
  });

  test('connections --watch prints each health transition, as JSON or with its time; Ctrl-C ends it', async () => {
    const sandbox = startCli(['sandbox', '--json', '--seed', '4']);
    children.push(sandbox.child);
    const { url } = JSON.parse(await sandbox.line(0)) as { url: string };
    const watch = (json: boolean) => {
      const run = startCli([
        'connections',
        '--api-url',
        url,
        '--watch',
        '--interval-ms',
        '100',
        ...(json ? ['--json'] : []),
      ]);
      children.push(run.child);
      return run;
    };
    const asJson = watch(true);
    const first = JSON.parse(await asJson.line(0)) as Record<string, string | null>;
    assert.deepEqual(Object.keys(first), ['event', 'key', 'name', 'previous', 'health', 'reason']);
    assert.deepEqual([first.event, first.previous], ['health', null], 'the first line is the state');
    asJson.child.kill('SIGINT');
    assert.equal(await asJson.exit(), 0);

    const asText = watch(false);
    assert.match(await asText.line(0), /^\d{4}-\d\d-\d\dT[\d:.]+Z {2}.+: [a-z ()]+ \(.+\)$/);
    assert.doesNotMatch(asText.lines[0] ?? '', / -> /);
    asText.child.kill('SIGTERM');
    assert.equal(await asText.exit(), 0);
  });

  test('connections --watch words health as the editor does, and prints no transition to the same level', async function () {
    this.timeout(20_000);
    const sandbox = startCli(['sandbox', '--json', '--seed', '4']);
    children.push(sandbox.child);
    const { url } = JSON.parse(await sandbox.line(0)) as { url: string };
    const run = startCli(['connections', '--api-url', url, '--watch', '--interval-ms', '100']);
    children.push(run.child);
    // Wayne Water's status reads fail: its first judgement is "unknown", announced from "unknown".
    let n = 0;
    while (!(await run.line(n)).includes('Wayne Water')) n++;
    run.child.kill('SIGTERM');
    assert.equal(await run.exit(), 0);
    const text = run.lines.join('\n');
    assert.doesNotMatch(text, /unknown -> unknown/);
    assert.match(text, /Wayne Water \(MaintainX\): unknown \(/);
    assert.match(text, /Globex Logistics \(UpKeep\): needs reauthorization \(/);
    assert.doesNotMatch(text, /auth_required|sync_error/);
  });

  test('connections without credentials shows a built-in sandbox as a table', async () => {
    const result = await cliResult(['connections']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /No MAKINI_CLIENT_ID\/MAKINI_CLIENT_SECRET set/);
    assert.match(result.stdout, /^KEY\s+NAME\s+PROVIDER\s+STATUS\s+SYNC\s+HEALTH$/m);
    assert.match(result.stdout, /Stark Fabrication.*Limble CMMS\s+Inactive\s+done\s+inactive/);
    // Sync statuses in words, as the editor's tooltips say them; --json keeps Makini's codes.
    assert.match(result.stdout, /Northwind Utilities.*\s+Active\s+full sync done\s+healthy/);
    assert.doesNotMatch(result.stdout, /fulldone|inprogress/);
  });

  test('connections with rejected credentials prints the support report and exits 1', async () => {
    const sandbox = startCli(['sandbox', '--json']);
    children.push(sandbox.child);
    const { url } = JSON.parse(await sandbox.line(0)) as { url: string };
    const result = await cliResult(['connections', '--api-url', url], {
      MAKINI_CLIENT_ID: 'someone',
      MAKINI_CLIENT_SECRET: 'wrong-secret',
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Request ID: req_[0-9a-f]{32}/);
    assert.match(result.stderr, /HTTP status: 401/);
    assert.match(result.stderr, /Makini code: AUTHENTICATION_FAILED/);
    assert.ok(!result.stderr.includes('wrong-secret') && !result.stdout.includes('wrong-secret'));
  });

  test('usage errors: bad --faults, a webhook URL without a secret, one credential only', async () => {
    const faults = await cliResult(['sandbox', '--faults', '500=2']);
    assert.equal(faults.code, 2);
    assert.match(faults.stderr, /--faults: Fault '500' takes a share from 0 to 1, got '2'/);
    const noSecret = await cliResult(['sandbox', '--webhook-url', 'http://127.0.0.1:9/hook'], {
      MAKINI_WEBHOOK_SECRET: '',
    });
    assert.equal(noSecret.code, 2);
    assert.match(noSecret.stderr, /no signing secret: set MAKINI_WEBHOOK_SECRET/);
    for (const args of [
      ['--webhook-url', 'nope'],
      ['--webhook-url', '127.0.0.1:8787/webhooks'],
      ['--webhook-url', 'http://127.0.0.1:9/hook', '--scheme', 'standard'],
      ['--scheme', 'standard'],
    ]) {
      // Found before the sandbox starts: nothing on stdout, and no server left running.
      const early = await cliResult(['sandbox', ...args], { MAKINI_WEBHOOK_SECRET: 'not-whsec' });
      assert.equal(early.code, 2, args.join(' '));
      assert.equal(early.stdout, '', args.join(' '));
    }
    const half = await cliResult(['connections'], { MAKINI_CLIENT_ID: 'only-id' });
    assert.equal(half.code, 2);
    assert.match(half.stderr, /Set both MAKINI_CLIENT_ID and MAKINI_CLIENT_SECRET/);
    const remote = await cliResult(['connections', '--api-url', 'https://api.example.com']);
    assert.equal(remote.code, 2);
  });
});
