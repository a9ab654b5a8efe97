import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  findNgrokTunnel,
  localPortOf,
  parseNgrokTunnels,
  tunnelForPort,
} from '../../../../src/core/net/ngrokAgent';
import {
  closedUrl,
  type NgrokAgentStandIn,
  startNgrokAgent,
  tunnelsAnswer,
} from '../../../support/ngrokAgentStandIn';

suite('net/ngrokAgent', () => {
  const agents: NgrokAgentStandIn[] = [];
  const agent = async (...args: Parameters<typeof startNgrokAgent>): Promise<NgrokAgentStandIn> => {
    const started = await startNgrokAgent(...args);
    agents.push(started);
    return started;
  };

  teardown(async () => {
    await Promise.all(agents.splice(0).map((a) => a.close()));
  });

  test('every addr form ngrok writes for a local port is read as that port', () => {
    for (const addr of [
      '8787',
      'localhost:8787',
      'http://localhost:8787',
      '127.0.0.1:8787',
      'http://127.0.0.1:8787',
      'https://localhost:8787',
      '[::1]:8787',
      'http://[::1]:8787',
      '0.0.0.0:8787',
    ])
      assert.equal(localPortOf(addr), 8787, addr);
    assert.equal(localPortOf('http://localhost'), 80, 'http with no port is 80');
    assert.equal(localPortOf('https://localhost'), 443, 'https with no port is 443');
  });

  test('an addr on another machine, or that is not an address, forwards to no local port', () => {
    for (const addr of [
      'foo.local:8787',
      'http://192.168.1.20:8787',
      'http://example.com',
      '',
      'localhost',
      '99999',
    ])
      assert.equal(localPortOf(addr), undefined, addr);
  });

  test('the tunnel to the receiver port is picked, the https one when both kinds forward there', () => {
    const tunnels = parseNgrokTunnels(
      tunnelsAnswer([
        { public_url: 'https://other.ngrok-free.app', addr: 'http://localhost:3000' },
        { public_url: 'http://mine.ngrok-free.app', addr: 'localhost:8787' },
        { public_url: 'https://mine.ngrok-free.app', addr: 'localhost:8787' },
      ]),
    );
    assert.ok(tunnels);
    assert.equal(tunnelForPort(tunnels, 8787)?.publicUrl, 'https://mine.ngrok-free.app');
    assert.equal(tunnelForPort(tunnels, 3000)?.publicUrl, 'https://other.ngrok-free.app');
    assert.equal(tunnelForPort(tunnels, 9999), undefined, 'no tunnel to that port');
  });

  test('a plain http tunnel is still picked when it is the only one', () => {
    const tunnels = parseNgrokTunnels(
      tunnelsAnswer([{ public_url: 'http://mine.ngrok-free.app', addr: '8787' }]),
    );
    assert.equal(tunnelForPort(tunnels ?? [], 8787)?.publicUrl, 'http://mine.ngrok-free.app');
  });

  test('tcp tunnels and entries without public_url or config.addr are left out; a non-list is not an answer', () => {
    const answer = {
      tunnels: [
        {
          name: 'ssh',
          public_url: 'tcp://0.tcp.ngrok.io:12345',
          proto: 'tcp',
          config: { addr: 'localhost:8787' },
        },
        { name: 'broken', proto: 'https', config: { addr: 'localhost:8787' } },
        { name: 'noaddr', public_url: 'https://x.ngrok-free.app', config: {} },
        'garbage',
        { name: 'ok', public_url: 'https://ok.ngrok-free.app', config: { addr: 8787 } },
      ],
      uri: '/api/tunnels',
    };
    assert.deepEqual(parseNgrokTunnels(answer), [
      { name: 'ok', publicUrl: 'https://ok.ngrok-free.app', addr: '8787' },
    ]);
    for (const bad of [null, [], {}, { tunnels: {} }, 'tunnels'])
      assert.equal(parseNgrokTunnels(bad), undefined);
  });

  test("a running agent's documented answer yields its tunnel to the port", async () => {
    const stand = await agent([
      { public_url: 'https://a1b2.ngrok-free.app', addr: 'http://localhost:8787' },
      { public_url: 'https://c3d4.ngrok-free.app', addr: 'http://localhost:4000' },
    ]);
    const found = await findNgrokTunnel({ apiUrl: stand.apiUrl, port: 8787 });
    assert.deepEqual(found, {
      name: 'command_line',
      publicUrl: 'https://a1b2.ngrok-free.app',
      addr: 'http://localhost:8787',
    });
    assert.equal(await findNgrokTunnel({ apiUrl: stand.apiUrl, port: 5555 }), undefined);
    assert.equal(stand.requests(), 2);
  });

  test('no agent running is silence: undefined, nothing logged, nothing thrown', async () => {
    const debug: string[] = [];
    const found = await findNgrokTunnel({
      apiUrl: await closedUrl(),
      port: 8787,
      onDebug: (m) => debug.push(m),
    });
    assert.equal(found, undefined);
    assert.deepEqual(debug, []);
  });

  test('an agent that never answers is silence once the short timeout passes', async () => {
    const sockets = new Set<Socket>();
    const hung = http.createServer(() => undefined); // Takes the request, never answers.
    hung.on('connection', (s) => sockets.add(s));
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const { port } = hung.address() as AddressInfo;
    try {
      const debug: string[] = [];
      const found = await findNgrokTunnel({
        apiUrl: `http://127.0.0.1:${port}/api/tunnels`,
        port: 8787,
        timeoutMs: 50,
        onDebug: (m) => debug.push(m),
      });
      assert.equal(found, undefined);
      assert.deepEqual(debug, []);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => hung.close(() => resolve()));
    }
  });

  test('a malformed answer is silence too, told to the debug log', async () => {
    const stand = await agent([]);
    const cases: [unknown, number, RegExp][] = [
      ['<html>not json</html>', 200, /not JSON/],
      [{ endpoints: [] }, 200, /no "tunnels" list/],
      [{ error_code: 103, msg: 'boom' }, 502, /answered 502/],
    ];
    for (const [body, status, expected] of cases) {
      stand.answer(body, status);
      const debug: string[] = [];
      const found = await findNgrokTunnel({
        apiUrl: stand.apiUrl,
        port: 8787,
        onDebug: (m) => debug.push(m),
      });
      assert.equal(found, undefined, String(expected));
      assert.equal(debug.length, 1, String(expected));
      assert.match(debug[0] ?? '', expected);
      assert.ok(debug[0]?.includes(stand.apiUrl), 'the message says which agent');
    }
  });

  test('an API URL that is not http(s) is silence, with a debug line', async () => {
    const debug: string[] = [];
    assert.equal(
      await findNgrokTunnel({ apiUrl: 'ftp://127.0.0.1/x', port: 1, onDebug: (m) => debug.push(m) }),
      undefined,
    );
    assert.equal(
      await findNgrokTunnel({ apiUrl: 'not a url', port: 1, onDebug: (m) => debug.push(m) }),
      undefined,
    );
    assert.equal(debug.length, 2);
  });
});
