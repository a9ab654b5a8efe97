import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sandbox } from '../../../../src/core/sandbox/sandbox';

/**
 * A loopback stand-in for code-server's port proxy: `/proxy/<port>/rest` goes to
 * `127.0.0.1:<port>/rest`; anything else is answered by "the editor", as code-server does.
 */
async function startPrefixProxy(): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const match = /^\/proxy\/(\d+)(\/.*)$/.exec(req.url ?? '');
    if (!match) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`Unsupported method ${req.method ?? ''}`);
      return;
    }
    const upstream = http.request(
      { host: '127.0.0.1', port: Number(match[1]), path: match[2], method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.once('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

suite('sandbox/reauthorizePage behind a path prefix', () => {
  let sandbox: Sandbox;
  let proxy: Awaited<ReturnType<typeof startPrefixProxy>>;

  setup(async () => {
    sandbox = new Sandbox({ seed: 3 });
    await sandbox.start();
    proxy = await startPrefixProxy();
  });

  teardown(async () => {
    await proxy.stop();
    await sandbox.stop();
  });

  test("the form's action is relative and resolves to the sandbox's route under the prefix", async () => {
    const globex = sandbox.state.connections().find((c) => c.name.startsWith('Globex'));
    assert.ok(globex);
    const port = new URL(sandbox.url ?? '').port;
    const pageUrl = `${proxy.url}/proxy/${port}/link/reauthorize/${encodeURIComponent(globex.key)}`;
    const page = await fetch(pageUrl);
    assert.equal(page.status, 200);
    const html = await page.text();
    const references = [...html.matchAll(/\b(?:action|href|src)="([^"]*)"/g)].map((m) => m[1] ?? '');
    assert.ok(references.length > 0, html);
    for (const reference of references) {
      assert.ok(!/^(\/|[a-z]+:)/i.test(reference), `not relative: ${reference}`);
    }
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? '';
    const target = new URL(
      action.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c))),
      pageUrl,
    );
    assert.equal(target.href, pageUrl);

    const nonce = /name="nonce" value="([0-9a-f]+)"/.exec(html)?.[1] ?? '';
    const pressed = await fetch(target, { method: 'POST', body: new URLSearchParams({ nonce }) });
    assert.equal(pressed.status, 200);
    assert.match(await pressed.text(), /is connected again/);
  });
});
