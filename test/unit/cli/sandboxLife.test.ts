import * as assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { runCli, startCli } from '../../support/cli';
import { TestReceiver } from '../core/sandbox/webhookReceiver';

suite('cli sandbox --life and --retry-base-ms', () => {
  const children: ChildProcessWithoutNullStreams[] = [];
  let receiver: TestReceiver | undefined;
  teardown(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    await receiver?.stop();
    receiver = undefined;
  });

  test('--life chaos moves connections through statuses and trouble, one line per change', async () => {
    const sandbox = startCli(['sandbox', '--json', '--seed', '4', '--life', 'chaos', '--tick-ms', '5']);
    children.push(sandbox.child);
    assert.equal((JSON.parse(await sandbox.line(0)) as { event: string }).event, 'listening');
    const seen = new Set<string>();
    const wanted = [
      'status In progress',
      'status Active',
      'online false',
      'credentials_rotated',
      'system_error',
    ];
    for (let n = 1; !wanted.every((w) => seen.has(w)); n++) {
      const change = JSON.parse(await sandbox.line(n)) as { kind: string; status?: string; online?: boolean };
      const detail = change.status ?? (change.online === undefined ? '' : String(change.online));
      seen.add(`${change.kind} ${detail}`.trim());
    }
    sandbox.child.kill('SIGINT');
    assert.equal(await sandbox.exit(), 0, sandbox.stderr());
  });

  test('--retry-base-ms compresses the schedule of a failing webhook, as trigger does', async () => {
    receiver = new TestReceiver();
    receiver.status = 500;
    const url = await receiver.start();
    const sandbox = startCli(
      ['sandbox', '--json', '--seed', '4', '--webhook-url', url, '--retry-base-ms', '20'],
      {
        env: { MAKINI_WEBHOOK_SECRET: 'a-sandbox-test-secret' },
      },
    );
    children.push(sandbox.child);
    const { url: base } = JSON.parse(await sandbox.line(0)) as { url: string };
    const state = (await (await fetch(new URL('/_sandbox/state', base))).json()) as {
      connections: { key: string }[];
    };
    const key = state.connections[0]?.key ?? '';
    const rotated = await fetch(new URL(`/_sandbox/connections/${key}/rotate-credentials`, base), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(rotated.status, 200);
    // Makini's first retry waits 30 s, past this test's time limit: a third attempt means compressed.
    await receiver.waitFor(3);
    sandbox.child.kill('SIGINT');
    assert.equal(await sandbox.exit(), 0, sandbox.stderr());
    const attempts = sandbox.lines
      .map((line) => JSON.parse(line) as { event: string; attempts?: number; type?: string })
      .filter((line) => line.event === 'delivery_attempt');
    assert.deepEqual(
      attempts.slice(0, 3).map((a) => [a.type, a.attempts]),
      [
        ['connection.auth_required', 1],
        ['connection.auth_required', 2],
        ['connection.auth_required', 3],
      ],
    );
  });

  test('usage errors: a bad --life, --retry-base-ms without --webhook-url or out of range', async () => {
    const cases: readonly [string[], RegExp][] = [
      [['--life', 'stormy'], /--life: Unknown life rate 'stormy'.*calm, busy, chaos/],
      [['--life', 'busy,offline=3'], /--life: Life rate 'offline' takes a share from 0 to 1, got '3'/],
      [['--retry-base-ms', '10'], /--retry-base-ms times the webhooks' retries: give --webhook-url URL too/],
      [['--webhook-url', 'http://127.0.0.1:9/hook', '--retry-base-ms', '-1'], /--retry-base-ms/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(['sandbox', ...args], { env: { MAKINI_WEBHOOK_SECRET: 'a-secret' } });
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '', 'found before the sandbox starts');
    }
  });
});
