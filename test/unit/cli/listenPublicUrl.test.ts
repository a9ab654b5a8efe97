import * as assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { request } from '../core/receiver/receiverFixture';
import { runCli, type RunningCli, startCli } from '../../support/cli';
import {
  closedUrl,
  freePort,
  type NgrokAgentStandIn,
  startNgrokAgent,
} from '../../support/ngrokAgentStandIn';

/** Starts `listen` and waits for its first line. */
async function listen(args: string[]): Promise<RunningCli> {
  const run = startCli(['listen', ...args]);
  await run.line(0).catch(() => '');
  return run;
}

suite('cli listen: public URL', () => {
  const children: ChildProcessWithoutNullStreams[] = [];
  const agents: NgrokAgentStandIn[] = [];

  teardown(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    await Promise.all(agents.splice(0).map((a) => a.close()));
  });

  async function agentFor(port: number, publicUrl: string): Promise<NgrokAgentStandIn> {
    const agent = await startNgrokAgent([
      { public_url: 'https://elsewhere.ngrok-free.app', addr: 'http://localhost:1' },
      { public_url: publicUrl, addr: `http://localhost:${port}` },
    ]);
    agents.push(agent);
    return agent;
  }

  test("--json's first line has the tunnel's public webhook URL, path included; the tunnel's Host is taken", async () => {
    const port = await freePort();
    const agent = await agentFor(port, 'https://a1b2c3.ngrok-free.app');
    const run = await listen(['--json', '--port', String(port), '--ngrok-api', agent.apiUrl]);
    children.push(run.child);
    assert.deepEqual(JSON.parse(run.lines[0] ?? ''), {
      event: 'listening',
      url: `http://127.0.0.1:${port}/webhooks`,
      public_url: 'https://a1b2c3.ngrok-free.app/webhooks',
    });
    assert.equal(agent.requests(), 1, 'the agent is asked once, at start');
    // ngrok forwards the Host the sender used: the receiver must not take it for DNS rebinding.
    const answer = await request(`http://127.0.0.1:${port}/webhooks`, {
      headers: { 'content-type': 'application/json', host: 'a1b2c3.ngrok-free.app' },
      body: '{"event":"assets.updated","body":["16c69269-0432-4382-b48f-eb3538b4b3d7"]}',
    });
    assert.equal(answer.status, 200);
    run.child.kill('SIGTERM');
    assert.equal(await run.exit(), 0);
    assert.equal(run.stderr(), '');
  });

  test('text output prints the public webhook URL and where to paste it; http warns that Makini requires HTTPS', async () => {
    const port = await freePort();
    const agent = await agentFor(port, 'http://plain.ngrok-free.app');
    const run = await listen(['--port', String(port), '--path', '/hooks', '--ngrok-api', agent.apiUrl]);
    children.push(run.child);
    assert.equal(
      await run.line(1),
      "Public URL: http://plain.ngrok-free.app/hooks (to paste into Makini's Developer Portal > Developers > Webhooks)",
    );
    run.child.kill('SIGTERM');
    assert.equal(await run.exit(), 0);
    assert.match(
      run.stderr(),
      /^warning: the public URL http:\/\/plain\.ngrok-free\.app\/hooks: .*Makini requires HTTPS/,
    );
  });

  test('with no agent running: no public_url, and the text output says how to open a tunnel to the real port', async () => {
    const ngrokApi = await closedUrl();
    const json = await listen(['--json', '--ngrok-api', ngrokApi]);
    children.push(json.child);
    const first = JSON.parse(json.lines[0] ?? '') as Record<string, unknown>;
    assert.deepEqual(Object.keys(first), ['event', 'url']);
    json.child.kill('SIGTERM');
    assert.equal(await json.exit(), 0);
    assert.equal(json.stderr(), '', 'silence, not an error');

    const text = await listen(['--ngrok-api', ngrokApi]);
    children.push(text.child);
    const port = new URL(/http:\/\/\S+\/webhooks/.exec(text.lines[0] ?? '')?.[0] ?? 'http://x').port;
    text.child.kill('SIGTERM');
    assert.equal(await text.exit(), 0);
    assert.equal(
      text.stderr(),
      `note: no public URL, so Makini cannot reach this receiver; run \`ngrok http ${port}\`, or give --public-url.\n`,
    );
  });

  test('--public-url is used as given, without asking the agent', async () => {
    const port = await freePort();
    const agent = await agentFor(port, 'https://from-agent.ngrok-free.app');
    const run = await listen([
      '--json',
      '--public-url',
      'https://hooks.example.dev/',
      '--port',
      String(port),
    ]);
    children.push(run.child);
    assert.equal(
      (JSON.parse(run.lines[0] ?? '') as Record<string, unknown>).public_url,
      'https://hooks.example.dev/webhooks',
    );
    assert.equal(agent.requests(), 0);
    run.child.kill('SIGTERM');
    assert.equal(await run.exit(), 0);
  });

  test('bad --ngrok-api and --public-url values exit 2 and say what to give', async () => {
    const cases: [string[], RegExp][] = [
      [['--public-url', 'abc.ngrok-free.app'], /--public-url: .*not an http\(s\) URL.*e\.g\. https:\/\//],
      [['--public-url', 'ftp://x.example'], /--public-url: .*not an http\(s\) URL/],
      [['--ngrok-api', 'localhost:4040'], /--ngrok-api is ngrok's agent API, which goes over http or https/],
      [
        ['--ngrok-api', 'nope'],
        /'nope' is not a URL; give a full one, e\.g\. http:\/\/127\.0\.0\.1:4040\/api\/tunnels/,
      ],
      [
        ['--ngrok-api', 'http://127.0.0.1:4040/api/tunnels', '--public-url', 'https://x.example'],
        /drop --ngrok-api/,
      ],
    ];
    for (const [args, message] of cases) {
      const failed = await runCli(['listen', ...args]);
      assert.equal(failed.code, 2, args.join(' '));
      assert.match(failed.stderr, message);
    }
  });
});
