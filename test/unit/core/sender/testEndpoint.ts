import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedRequest {
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** How the endpoint answers the n-th request (0-based); `hold` never answers. */
export type Reply =
  | { readonly status: number; readonly headers?: Record<string, string>; readonly body?: string | Buffer }
  | 'hold';

/** A loopback webhook endpoint that records requests and answers from a script. */
export class TestEndpoint {
  readonly received: ReceivedRequest[] = [];
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly reply: (request: ReceivedRequest, index: number) => Reply) {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const received = { path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) };
        this.received.push(received);
        const answer = this.reply(received, this.received.length - 1);
        if (answer === 'hold') return;
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body ?? '');
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(reply: (request: ReceivedRequest, index: number) => Reply): Promise<TestEndpoint> {
    const endpoint = new TestEndpoint(reply);
    await new Promise<void>((resolve) => endpoint.server.listen(0, '127.0.0.1', resolve));
    return endpoint;
  }

  /** Answers each request with the next status of `statuses` (the last one repeats). */
  static statuses(...statuses: number[]): Promise<TestEndpoint> {
    return TestEndpoint.start((_, i) => ({ status: statuses[Math.min(i, statuses.length - 1)] ?? 200 }));
  }

  url(path = '/webhooks'): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** Closes the server, cutting held connections, and waits until it is closed. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
