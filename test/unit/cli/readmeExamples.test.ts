import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI } from '../../support/cli';
import { childEnv, type NodeResult, type RunningNode } from '../../support/nodeProcess';
import { repoRoot } from '../../support/repo';

// Every example of the README's command-line section runs as written, in a real `sh`, with a
// `makini-devtools` on PATH that is dist/cli.js. Two substitutions, and only these: the port the
// `listen` example asks for (8787) becomes a free one (--port 0, then the port it printed), and
// "your app" at localhost:3000, which a test machine does not have, becomes that same receiver.

/** The lines of the README's sh blocks that run makini-devtools or export its environment. */
function readmeExamples(): string[] {
  const readme = fs.readFileSync(path.join(repoRoot(), 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => (m[1] ?? '').split('\n'));
  const cli = blocks.filter((lines) => lines.some((l) => l.startsWith('makini-devtools ')));
  assert.equal(cli.length, 1, "one sh block of makini-devtools examples in README.md's CLI section");
  const lines = (cli[0] ?? []).filter((l) => l.trim() !== '');
  for (const line of lines)
    assert.match(line, /^(makini-devtools |export [A-Z_]+=)/, `an example the test would not run: ${line}`);
  return lines;
}

/** Commands that serve until stopped: started, read until their first line, stopped at the end. */
const serves = (line: string): boolean => /^makini-devtools (listen|sandbox)\b|--watch\b/.test(line);

interface Shell {
  readonly env: Record<string, string>;
  readonly cwd: string;
}

function sh(line: string, shell: Shell): RunningNode {
  // `exec`, so that the signal that stops a server reaches it, not only the shell.
  const child = spawn('/bin/sh', ['-c', `exec ${line}`], { cwd: shell.cwd, env: childEnv(shell.env) });
  const lines: string[] = [];
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    lines.splice(0, lines.length, ...out.split('\n').slice(0, -1));
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const line0 = async (n: number): Promise<string> => {
    for (let waited = 0; lines[n] === undefined; waited += 20) {
      if (child.exitCode !== null || waited > 8000) throw new Error(`${line}: no line ${n + 1}: ${err}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return lines[n] ?? '';
  };
  return { child, lines, line: line0, stderr: () => err, exit: () => exited };
}

async function runToEnd(line: string, shell: Shell): Promise<NodeResult> {
  const run = sh(line, shell);
  const code = await run.exit();
  return { code, stdout: run.lines.join('\n'), stderr: run.stderr() };
}

suite('README command-line examples', () => {
  let cwd: string;
  const servers: RunningNode[] = [];
  setup(() => {
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-readme-'));
    const bin = path.join(cwd, 'bin');
    fs.mkdirSync(bin);
    const shim = path.join(bin, 'makini-devtools');
    fs.writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
  });
  teardown(() => {
    for (const server of servers.splice(0)) server.child.kill('SIGKILL');
    fs.rmSync(cwd, { recursive: true, force: true });
  });

  test('every example runs as written and succeeds; the servers stop cleanly on Ctrl-C', async function () {
    this.timeout(60_000);
    const env: Record<string, string> = { PATH: `${path.join(cwd, 'bin')}:${process.env.PATH ?? ''}` };
    let receiver: string | undefined;
    const ran: string[] = [];
    for (const example of readmeExamples()) {
      const exported = /^export ([A-Z_]+)=(\S+)/.exec(example);
      if (exported) {
        env[exported[1] ?? ''] = exported[2] ?? '';
        continue;
      }
      let line = example.replace(/^makini-devtools listen --port 8787\b/, 'makini-devtools listen --port 0');
      if (receiver) line = line.replace(/127\.0\.0\.1:8787|localhost:3000/g, receiver);
      const shell = { env, cwd };
      if (serves(line)) {
        const server = sh(line, shell);
        servers.push(server);
        const first = await server.line(0);
        if (line.startsWith('makini-devtools listen'))
          receiver = /http:\/\/(127\.0\.0\.1:\d+)\/webhooks/.exec(first)?.[1];
        assert.ok(!line.startsWith('makini-devtools listen') || receiver, first);
      } else {
        const result = await runToEnd(line, shell);
        assert.equal(result.code, 0, `${example}\n${result.stdout}\n${result.stderr}`);
      }
      ran.push(line.split(' ')[1] ?? '');
    }
    for (const server of servers.splice(0)) {
      server.child.kill('SIGINT');
      assert.equal(await server.exit(), 0, server.stderr());
    }
    assert.deepEqual(
      [...new Set(ran)].sort(),
      [
        'api',
        'check',
        'connections',
        'events',
        'listen',
        'log',
        'replay',
        'sample',
        'sandbox',
        'scenario',
        'trigger',
      ],
      'the README shows every command',
    );
    assert.ok(fs.existsSync(path.join(cwd, 'checks.xml')), 'check --junit wrote its report');
    assert.ok(fs.existsSync(path.join(cwd, 'scenario.xml')), 'scenario --junit wrote its report');
  });
});
