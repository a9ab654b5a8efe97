import * as assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../../support/repo';

const cli = path.join(repoRoot(), 'dist', 'cli.js');
const run = promisify(execFile);

interface Running {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: string[];
  line(n: number): Promise<string>;
  /** Everything written to stderr so far (all of it once `exit()` resolved). */
  stderr(): string;
  exit(): Promise<number | null>;
}

/** Spawns the CLI and collects its stdout lines. */
function spawnCli(args: string[]): Running {
  const child = spawn(process.execPath, [cli, ...args], {
    env: { ...process.env, MAKINI_CLIENT_ID: '', MAKINI_CLIENT_SECRET: '' },
  });
  const lines: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const waiters: { n: number; resolve: (line: string) => void }[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let newline: number;
    while ((newline = buffered.indexOf('\n')) !== -1) {
      lines.push(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
    }
    for (const waiter of waiters.filter((w) => lines.length > w.n)) waiter.resolve(lines[waiter.n] ?? '');
  });
  // 'close' comes after both pipes are drained, so stderr() is complete once exit() resolves.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const line = (n: number): Promise<string> =>
    lines.length > n
      ? Promise.resolve(lines[n] ?? '')
      : new Promise((resolve) => waiters.push({ n, resolve }));
  return { child, lines, line, stderr: () => stderr, exit: () => exited };
}

async function cliResult(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], {
      env: { ...process.env, MAKINI_CLIENT_ID: '', MAKINI_CLIENT_SECRET: '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

suite('cli sandbox and connections', () => {
  const children: ChildProcessWithoutNullStreams[] = [];
  teardown(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });

  test('sandbox --json prints its URL and demo credentials, then a line per change; connections reads it', async () => {
    const sandbox = spawnCli(['sandbox', '--json', '--seed', '4']);
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
    const sandbox = spawnCli(['sandbox', '--json', '--host', '0.0.0.0', '--port', '0']);
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

  test('connections without credentials shows a built-in sandbox as a table', async () => {
    const result = await cliResult(['connections']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /No MAKINI_CLIENT_ID\/MAKINI_CLIENT_SECRET set/);
    assert.match(result.stdout, /^KEY\s+NAME\s+PROVIDER\s+STATUS\s+SYNC\s+HEALTH$/m);
    assert.match(result.stdout, /Stark Fabrication.*Limble CMMS\s+Inactive\s+done\s+inactive/);
  });

  test('connections with rejected credentials prints the support report and exits 1', async () => {
    const sandbox = spawnCli(['sandbox', '--json']);
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
    assert.match(noSecret.stderr, /needs a signing secret/);
    const half = await cliResult(['connections'], { MAKINI_CLIENT_ID: 'only-id' });
    assert.equal(half.code, 2);
    assert.match(half.stderr, /Set both MAKINI_CLIENT_ID and MAKINI_CLIENT_SECRET/);
    const remote = await cliResult(['connections', '--api-url', 'https://api.example.com']);
    assert.equal(remote.code, 2);
  });
});
