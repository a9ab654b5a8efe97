import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { MakiniApiError } from '../../../../src/core/api/apiErrors';
import { MakiniClient, type MakiniClientOptions } from '../../../../src/core/api/makiniClient';
import { MAX_ANSWER_BYTES } from '../../../../src/core/api/requestLimits';

const MiB = 1024 * 1024;
/** Where the endless answer gives up, so that a client without a limit fails the test, not the machine. */
const SAFETY_STOP_BYTES = 256 * MiB;

/** A loopback server answering every request with `answer`; counts requests, cuts sockets on stop. */
class AnsweringServer {
  requests = 0;
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();

  private constructor(answer: (res: http.ServerResponse) => void) {
    this.server = http.createServer((req, res) => {
      this.requests++;
      req.resume();
      req.on('end', () => answer(res));
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(answer: (res: http.ServerResponse) => void): Promise<AnsweringServer> {
    const server = new AnsweringServer(answer);
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** 200 and a JSON-looking body that never ends, written as fast as the client reads it. */
function endlessBody(res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  const pump = (): void => {
    while (!res.destroyed && sent < SAFETY_STOP_BYTES) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  res.write('{"access_token":"');
  pump();
}

/** 200, then one byte every 100 ms for as long as the client listens. */
function trickle(res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(' ')), 100);
  res.on('close', () => clearInterval(timer));
}

async function rejection(promise: Promise<unknown>): Promise<MakiniApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof MakiniApiError, `expected a MakiniApiError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

suite('api/makiniClient answer limits', () => {
  let server: AnsweringServer | undefined;
  let client: MakiniClient | undefined;
  teardown(async () => {
    client?.dispose();
    await server?.stop();
    server = client = undefined;
  });

  function clientOn(url: string, options: Partial<MakiniClientOptions> = {}): MakiniClient {
    client = new MakiniClient({
      baseUrl: url,
      clientId: 'id',
      clientSecret: 'secret',
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
      ...options,
    });
    return client;
  }

  test('an endless answer stops at 10 MiB as responseTooLarge, is not retried, and memory stays flat', async () => {
    server = await AnsweringServer.start(endlessBody);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const error = await rejection(clientOn(server.url).listConnections());
    const grownMiB = (process.memoryUsage().rss - rssBefore) / MiB;
    assert.equal(error.code, 'responseTooLarge');
    assert.equal(error.retriable, false);
    assert.equal(error.attempts, 1);
    assert.equal(server.requests, 1, 'a too-large answer is not asked for again');
    assert.equal(error.limit, MAX_ANSWER_BYTES);
    assert.equal(error.url, `${server.url}/link/token`);
    assert.ok(error.message.includes(`${server.url}/link/token`), error.message);
    assert.match(error.message, /10 MiB \(10485760 bytes\)/);
    assert.ok(grownMiB < 50, `RSS grew by ${grownMiB.toFixed(1)} MiB`);
  });

  test('the size limit can be set lower; an answer within it is read', async () => {
    // Longer than the request's own body, which the same limit bounds.
    const token = JSON.stringify({ access_token: 't'.repeat(300), token_type: 'Bearer', expires_in: 3600 });
    server = await AnsweringServer.start((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(token);
    });
    const small = await rejection(clientOn(server.url, { maxAnswerBytes: 200 }).listPlatforms());
    assert.equal(small.code, 'responseTooLarge');
    assert.equal(small.limit, 200);
    client?.dispose();
    // The token is read; the platforms answer (the same token JSON) is then refused as malformed.
    const roomy = await rejection(clientOn(server.url, { maxAnswerBytes: 1024 }).listPlatforms());
    assert.equal(roomy.code, 'malformed');
  });

  test('an answer that trickles a byte every 100 ms ends at the deadline as deadlineExceeded', async () => {
    server = await AnsweringServer.start(trickle);
    const started = performance.now();
    const error = await rejection(
      clientOn(server.url, {
        deadlineMs: 400,
        timeoutMs: 5_000,
        retry: { maxAttempts: 1 },
      }).listConnections(),
    );
    assert.equal(error.code, 'deadlineExceeded');
    assert.ok(performance.now() - started >= 399, 'not before the deadline');
    assert.equal(error.limit, 400);
    assert.ok(error.message.includes(`${server.url}/link/token`), error.message);
    assert.match(error.message, /400 ms/);
  });

  test('a missed deadline is retried only as often as the policy allows', async () => {
    server = await AnsweringServer.start(trickle);
    const error = await rejection(
      clientOn(server.url, {
        deadlineMs: 150,
        timeoutMs: 5_000,
        retry: { maxAttempts: 2 },
      }).listConnections(),
    );
    assert.equal(error.code, 'deadlineExceeded');
    assert.equal(error.attempts, 2);
    assert.equal(server.requests, 2);
  });

  test("the caller's abort is still an abort, not a missed deadline", async () => {
    server = await AnsweringServer.start(trickle);
    const controller = new AbortController();
    const call = clientOn(server.url, { deadlineMs: 60_000, timeoutMs: 5_000 }).listConnections({
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 150);
    const error = await rejection(call);
    assert.equal(error.code, 'aborted');
  });

  test('limits out of range are refused when the client is made', () => {
    for (const options of [{ deadlineMs: 0 }, { deadlineMs: 2 ** 31 }, { maxAnswerBytes: 0 }]) {
      assert.throws(
        () => clientOn('http://127.0.0.1:9', options),
        (error: unknown) =>
          error instanceof Error && 'code' in error && error.code === 'invalid_client_options',
      );
    }
  });
});
