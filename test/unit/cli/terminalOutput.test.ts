import * as assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CLI, runCli } from '../../support/cli';
import { request } from '../core/receiver/receiverFixture';
import { RAW_CONTROL } from '../core/sender/shellRun';

// What a payload or an API answer may carry to take over a terminal: an OSC title change ended by
// BEL, CSI as ESC [ and as the C1 character U+009B, a carriage return that overwrites the line.
const HOSTILE = '\u001b]0;pwned\u0007\u001b[2J\u009b31m\r';
const SHOWN = '\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\r';

/** `listen` as a child process, and its stdout as lines as they come. */
function listen(args: string[]): {
  child: ChildProcessWithoutNullStreams;
  line: (n: number) => Promise<string>;
} {
  const child = spawn(process.execPath, [CLI, 'listen', ...args], { env: { PATH: process.env.PATH ?? '' } });
  const lines: string[] = [];
  let buffered = '';
  const waiting: (() => void)[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
    for (const wake of waiting.splice(0)) wake();
  });
  const line = async (n: number): Promise<string> => {
    while (lines.length <= n) await new Promise<void>((resolve) => waiting.push(resolve));
    return lines[n] ?? '';
  };
  return { child, line };
}

/** A loopback stand-in for Makini's API whose one connection has `text` in every field shown. */
async function apiWith(text: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const answer =
      path === '/link/token'
        ? { access_token: 'admin', token_type: 'bearer', expires_in: 3600 }
        : path === '/api/system/connections'
          ? {
              data: [
                {
                  key: `key${text}`,
                  name: `name${text}`,
                  status: `status${text}`,
                  integration_name: `SAP${text}`,
                },
              ],
              links: { next: null },
              meta: { current_page: 1, last_page: 1, total: 1 },
            }
          : path?.endsWith('/token')
            ? { data: { token: 'connection', expires_in: 3600 } }
            : { data: { id: `key${text}`, sync_status: `synced${text}` } };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

suite('cli terminal output', () => {
  const children: ChildProcessWithoutNullStreams[] = [];
  teardown(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });

  for (const json of [false, true]) {
    test(`listen${json ? ' --json' : ''} prints a webhook's control characters escaped, never raw`, async () => {
      const run = listen(json ? ['--json'] : []);
      children.push(run.child);
      const url = /http:\/\/[^\s)"]+/.exec(await run.line(0))?.[0] ?? '';
      const body = JSON.stringify({
        id: `evt_1${HOSTILE}`,
        type: `sync.completed${HOSTILE}\nforged line`,
        connection_id: `conn${HOSTILE}`,
        data: {},
      });
      await request(url, { headers: { 'content-type': 'application/json' }, body });
      const line = await run.line(1);
      assert.ok(!RAW_CONTROL.test(line), JSON.stringify(line));
      if (json) {
        const shown = JSON.parse(line) as Record<string, unknown>;
        assert.equal(shown.type, `sync.completed${HOSTILE}\nforged line`, 'JSON keeps the exact value');
      } else {
        assert.ok(line.includes(`sync.completed${SHOWN}\\nforged line`), line);
        assert.ok(line.includes(`conn${SHOWN}`), line);
      }
    });
  }

  test('the connections table prints API data escaped: provider, name, status, sync status', async () => {
    const api = await apiWith(HOSTILE);
    try {
      const table = await runCli(['connections', '--api-url', api.url]);
      assert.equal(table.code, 0, table.stderr);
      assert.ok(!RAW_CONTROL.test(table.stdout.replace(/\n/g, '')), JSON.stringify(table.stdout));
      assert.equal(table.stdout.trim().split('\n').length, 2, 'a header and one row');
      for (const cell of ['key', 'name', 'SAP', 'status', 'synced'])
        assert.ok(table.stdout.includes(`${cell}${SHOWN}`), `${cell}: ${table.stdout}`);

      const json = await runCli(['connections', '--api-url', api.url, '--json']);
      assert.equal(json.code, 0, json.stderr);
      assert.ok(!RAW_CONTROL.test(json.stdout.replace(/\n/g, '')), JSON.stringify(json.stdout));
      assert.equal((JSON.parse(json.stdout) as Record<string, unknown>).provider, `SAP${HOSTILE}`);
    } finally {
      await api.close();
    }
  });
});
