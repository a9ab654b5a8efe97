import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One tunnel as ngrok's agent API lists it (`GET /api/tunnels`). */
export interface StandInTunnel {
  readonly name?: string;
  readonly public_url: string;
  readonly proto?: string;
  readonly addr: string;
}

/** The documented answer of `GET /api/tunnels` for these tunnels. */
export function tunnelsAnswer(tunnels: readonly StandInTunnel[]): unknown {
  return {
    tunnels: tunnels.map((t, i) => ({
      name: t.name ?? (i === 0 ? 'command_line' : `command_line (${i})`),
      uri: `/api/tunnels/${encodeURIComponent(t.name ?? `command_line${i}`)}`,
      public_url: t.public_url,
      proto: t.proto ?? (t.public_url.startsWith('https:') ? 'https' : 'http'),
      config: { addr: t.addr, inspect: true },
      metrics: { conns: { count: 0 }, http: { count: 0 } },
    })),
    uri: '/api/tunnels',
  };
}

export interface NgrokAgentStandIn {
  /** The tunnel list's URL, for `--ngrok-api` and `makini.receiver.ngrokApiUrl`. */
  readonly apiUrl: string;
  /** How many times the list was asked for. */
  readonly requests: () => number;
  /** What the next answers are: a value is sent as JSON, a string as it is. */
  answer(body: unknown, status?: number): void;
  close(): Promise<void>;
}

/** A stand-in for a running ngrok agent's local API, on a free loopback port. */
export async function startNgrokAgent(tunnels: readonly StandInTunnel[]): Promise<NgrokAgentStandIn> {
  let body: unknown = tunnelsAnswer(tunnels);
  let status = 200;
  let count = 0;
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/api/tunnels') {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error_code":100}');
      return;
    }
    count += 1;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json' }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/tunnels`,
    requests: () => count,
    answer(next, nextStatus = 200) {
      body = next;
      status = nextStatus;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A loopback URL where nothing listens: a port bound and released. */
export async function closedUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/api/tunnels`;
}

/** A free loopback port, for a receiver that a tunnel must name before it starts. */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
