import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { eventBody, request, startReceiver, stopReceivers } from './receiverFixture';

/** Sends raw bytes on a fresh connection and resolves with everything the server sent back. */
function rawExchange(url: string, bytes: string | Buffer): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.end(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
  });
}

const statusOf = (raw: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);
const openDescriptors = (): number => fs.readdirSync('/proc/self/fd').length;

suite('receiver: sockets and hosts', () => {
  teardown(() => stopReceivers());

  test('a Host other than a loopback name is answered 421 and recorded (DNS rebinding)', async () => {
    const { url, receipts } = await startReceiver();
    const event = eventBody();
    const headers = { 'content-type': 'application/json' };
    const evil = await request(url, { headers: { ...headers, host: 'attacker.example' }, body: event.body });
    assert.equal(evil.status, 421);
    assert.equal(evil.json().error, 'misdirected_request');
    assert.equal(receipts[0]?.status, 421);
    assert.equal(receipts[0]?.verdict.outcome, 'rejected');
    const { port } = new URL(url);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'localhost']) {
      const ok = await request(url, { headers: { ...headers, host }, body: eventBody().body });
      assert.equal(ok.status, 200, host);
    }
  });

  test('bytes after a connection: close request: the log says what the client got', async () => {
    const { url, receipts } = await startReceiver();
    const { body } = eventBody();
    const head = `POST / HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`;
    const raw = await rawExchange(
      url,
      Buffer.concat([Buffer.from(head), body, Buffer.from('GARBAGE / HTTP/1.1\r\n\r\n')]),
    );
    const got = statusOf(raw);
    assert.equal(got, 200, raw.slice(0, 200));
    assert.equal(receipts.length, 1);
    assert.equal(receipts[0]?.status, got);
  });

  test('clients that never read do not keep descriptors after an error answer', async function () {
    this.timeout(20_000);
    const { url } = await startReceiver({ timeouts: { lingerMs: 200 } });
    const { port } = new URL(url);
    const baseline = openDescriptors();
    const clients: net.Socket[] = [];
    for (let i = 0; i < 40; i++) {
      const socket = net.connect(Number(port), '127.0.0.1');
      socket.pause(); // Never reads: the server's FIN is never seen, the client never closes.
      // Half malformed (the parser's answer), half refused by the receiver (415).
      socket.write(
        i % 2 === 0
          ? 'NOT HTTP AT ALL\r\n\r\n'
          : 'POST / HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: text/plain\r\ncontent-length: 5\r\n\r\nhello',
      );
      clients.push(socket);
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // The clients' own 40 descriptors remain; the server's 40 must be gone.
    const held = openDescriptors() - baseline;
    for (const socket of clients) socket.destroy();
    assert.ok(held <= 40 + 2, `${held} descriptors held for 40 clients (server side not released)`);
  });

  test('an idle keep-alive connection is closed after the keep-alive timeout', async () => {
    const { url } = await startReceiver({ timeouts: { keepAliveTimeoutMs: 300 } });
    const { port } = new URL(url);
    const { body } = eventBody();
    const closed = await new Promise<number>((resolve, reject) => {
      const started = Date.now();
      const socket = net.connect(Number(port), '127.0.0.1', () =>
        socket.write(
          Buffer.concat([
            Buffer.from(
              `POST / HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`,
            ),
            body,
          ]),
        ),
      );
      socket.resume();
      socket.on('close', () => resolve(Date.now() - started));
      socket.on('error', reject);
      setTimeout(() => reject(new Error('the idle connection was still open after 3 s')), 3000).unref();
    });
    assert.ok(closed < 3000);
  });
});
