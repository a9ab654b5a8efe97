import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { eventBody, request, startReceiver, stopReceivers } from './receiverFixture';

/** An "app" that answers every request with this raw status line, as a broken server might. */
async function rawApp(statusLine: string): Promise<{ url: string; close: () => void }> {
  const server = net.createServer((socket) => {
    socket.once('data', () =>
      socket.end(`${statusLine}\r\ncontent-length: 2\r\nconnection: close\r\n\r\nno`),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/webhooks`, close: () => server.close() };
}

const json = { 'content-type': 'application/json' };

suite('receiver forwarding: limits', () => {
  teardown(() => stopReceivers());

  for (const line of ['HTTP/1.1 099 Odd', 'HTTP/1.1 000 Zero']) {
    test(`an app status outside 100-599 (${line.slice(9, 12)}) is answered 502 and the forward record kept`, async () => {
      const app = await rawApp(line);
      try {
        const { url, receipts } = await startReceiver({ settings: { forwardTo: app.url } });
        const answer = await request(url, { headers: json, body: eventBody().body });
        assert.equal(answer.status, 502);
        assert.equal(answer.json().error, 'invalid_status');
        const receipt = receipts[0];
        assert.equal(receipt?.status, 502);
        assert.equal(receipt?.forward?.status, Number(line.slice(9, 12)));
        assert.equal(receipt?.forward?.error, 'invalid_status');
        assert.equal(receipt?.verdict.outcome, 'forwarded');
        assert.equal(receipt?.verdict.actionable, false);
      } finally {
        app.close();
      }
    });
  }

  test('forwarding to the receiver itself is refused as a loop, not repeated', async () => {
    const { url, receiver, receipts } = await startReceiver();
    receiver.update({ forwardTo: url });
    const answer = await request(url, { headers: json, body: eventBody().body });
    assert.equal(answer.status, 508);
    assert.match(String(answer.json().message), /leads to this receiver itself/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The relayed copy (refused: loop) and the original (the app answered 508): two, not hundreds.
    assert.equal(receipts.length, 2);
    const [inner, outer] = receipts;
    assert.equal(inner?.reason, 'forward_loop');
    assert.equal(outer?.forward?.status, 508);
    assert.equal(outer?.status, 508);
  });
});
