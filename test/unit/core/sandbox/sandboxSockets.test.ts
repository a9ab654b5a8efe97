import * as assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { Sandbox, SANDBOX_CREDENTIALS } from '../../../../src/core/sandbox/sandbox';
import { openRaw, portOf, rawRequest, type RawAnswer, type RawConnection } from './rawHttp';
import { field } from './sandboxHttp';

/** Polls until the sandbox holds no open socket; the suite's timeout fails a sandbox that keeps them. */
async function untilNoConnections(sandbox: Sandbox): Promise<void> {
  while ((await sandbox.openConnections()) > 0) await delay(25);
}

/** Writes one byte every `everyMs` until the server closes; answers how many were written. */
async function trickle(connection: RawConnection, everyMs: number, max: number): Promise<number> {
  let sent = 0;
  const done = connection.closed.then(() => undefined);
  while (sent < max && connection.socket.writable) {
    connection.socket.write('a');
    sent += 1;
    if ((await Promise.race([done, delay(everyMs).then(() => 'tick')])) !== 'tick') break;
  }
  return sent;
}

function json(text: string): unknown {
  return JSON.parse(text) as unknown;
}

suite('sandbox sockets: timeouts and closing', () => {
  const sandboxes: Sandbox[] = [];
  const clients: RawConnection[] = [];
  teardown(async () => {
    for (const client of clients.splice(0)) client.socket.destroy();
    await Promise.all(sandboxes.splice(0).map((s) => s.stop()));
  });

  async function started(timeouts: ConstructorParameters<typeof Sandbox>[0]): Promise<[Sandbox, number]> {
    const sandbox = new Sandbox({ seed: 5, ...timeouts });
    sandboxes.push(sandbox);
    return [sandbox, portOf(await sandbox.start())];
  }

  test('a body trickled a byte every 200 ms is cut off at the request timeout with a 408', async () => {
    const [sandbox, port] = await started({
      timeouts: { headersMs: 300, requestMs: 600, keepAliveMs: 200, lingerMs: 200 },
    });
    const head = `POST /link/token HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\ncontent-length: 400\r\n\r\n`;
    const client = await openRaw(port, head);
    clients.push(client);
    const sent = await trickle(client, 200, 400);
    const answer = await client.closed;
    assert.ok(sent < 400, `the whole body went through (${sent} bytes)`);
    assert.equal(answer.status, 408, answer.text);
    assert.equal(answer.headers.connection, 'close');
    assert.equal(field(json(answer.body), 'code'), 'REQUEST_TIMEOUT');
    assert.equal(field(json(answer.body), 'request_id'), answer.headers['x-request-id']);
    await untilNoConnections(sandbox);
  });

  test('headers trickled a byte every 200 ms are cut off at the headers timeout', async () => {
    const [sandbox, port] = await started({
      timeouts: { headersMs: 300, requestMs: 60_000, keepAliveMs: 200, lingerMs: 200 },
    });
    const client = await openRaw(port, `GET /_sandbox/state HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nx-slow: `);
    clients.push(client);
    const sent = await trickle(client, 200, 400);
    const answer = await client.closed;
    assert.ok(sent < 400, `every header byte went through (${sent} bytes)`);
    assert.equal(answer.status, 408, answer.text);
    await untilNoConnections(sandbox);
  });

  test('clients that send part of a body, slowly or not at all, and never read the error answer do not keep sockets open', async () => {
    // A long request timeout: only closing the connection after the error answer frees these sockets.
    const [sandbox, port] = await started({
      timeouts: { headersMs: 10_000, requestMs: 60_000, keepAliveMs: 5_000, lingerMs: 200 },
    });
    const head = `POST /api/system/connections/some-key/token HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"a":`;
    const silent: RawConnection[] = [];
    const tricklers: Promise<number>[] = [];
    for (let i = 0; i < 20; i++) {
      const client = await openRaw(port, head);
      client.socket.pause();
      clients.push(client);
      // Half keep sending a byte every 200 ms, which holds off Node's idle keep-alive close.
      if (i % 2 === 0) silent.push(client);
      else tricklers.push(trickle(client, 200, 1000));
    }
    while ((await sandbox.openConnections()) < 20) await delay(10);
    await untilNoConnections(sandbox);
    assert.ok((await Promise.all(tricklers)).every((sent) => sent < 1000));
    for (const client of silent) client.socket.resume();
    for (const answer of await Promise.all(silent.map((c) => c.closed))) {
      assert.equal(answer.status, 401, answer.text);
      assert.equal(answer.headers.connection, 'close');
      assert.equal(answer.error, undefined);
    }
  });

  test('clients that send a whole request and never read are closed after the keep-alive timeout', async () => {
    const [sandbox, port] = await started({
      timeouts: { headersMs: 10_000, requestMs: 60_000, keepAliveMs: 100, lingerMs: 200 },
    });
    for (let i = 0; i < 20; i++) {
      const client = await openRaw(port, `GET /_sandbox/state HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
      client.socket.pause();
      clients.push(client);
    }
    while ((await sandbox.openConnections()) < 20) await delay(10);
    await untilNoConnections(sandbox);
  });

  test('a body over 1 MiB gets a whole 413 with connection: close', async () => {
    const [, port] = await started({});
    const body = Buffer.alloc(2 * 1024 * 1024, 'a');
    const head = `POST /link/token HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`;
    for (let i = 0; i < 5; i++) {
      const answer = await rawRequest(port, Buffer.concat([Buffer.from(head), body]));
      assert.equal(answer.status, 413, answer.text.slice(0, 300));
      assert.equal(answer.headers.connection, 'close');
      assert.equal(answer.error, undefined);
      assert.equal(Buffer.byteLength(answer.body), Number(answer.headers['content-length']));
      assert.equal(field(json(answer.body), 'code'), 'PAYLOAD_TOO_LARGE');
    }
    const fetched = await fetch(`http://127.0.0.1:${port}/link/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    assert.equal(fetched.status, 413);
    assert.equal(fetched.headers.get('connection'), 'close');
    assert.equal(field(await fetched.json(), 'code'), 'PAYLOAD_TOO_LARGE');
  });
});

suite('sandbox sockets: Host header', () => {
  let sandbox: Sandbox;
  let port: number;
  setup(async () => {
    sandbox = new Sandbox({ seed: 5 });
    port = portOf(await sandbox.start());
  });
  teardown(() => sandbox.stop());

  const get = (path: string, host: string): Promise<RawAnswer> =>
    rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nconnection: close\r\n\r\n`);

  test('a loopback sandbox answers another Host 421 with a reason and a request ID', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, '127.0.0.1.nip.io', '']) {
      const answer = await get('/_sandbox/state', host);
      assert.equal(answer.status, 421, `${host}: ${answer.text}`);
      const body = json(answer.body);
      assert.equal(field(body, 'code'), 'MISDIRECTED_REQUEST');
      assert.equal(field(body, 'request_id'), answer.headers['x-request-id']);
      assert.match(String(field(body, 'message')), /DNS rebinding/);
    }
    const credentials = JSON.stringify({
      grant_type: 'client_credentials',
      client_id: SANDBOX_CREDENTIALS.clientId,
      client_secret: SANDBOX_CREDENTIALS.clientSecret,
    });
    const token = await rawRequest(
      port,
      `POST /link/token HTTP/1.1\r\nHost: evil.example\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: ${credentials.length}\r\n\r\n${credentials}`,
    );
    assert.equal(token.status, 421, token.text);
    assert.equal(field(json(token.body), 'access_token'), undefined);
  });

  test('loopback names with the port pass', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'localhost']) {
      const answer = await get('/_sandbox/state', host);
      assert.equal(answer.status, 200, `${host}: ${answer.text.slice(0, 200)}`);
    }
  });
});
