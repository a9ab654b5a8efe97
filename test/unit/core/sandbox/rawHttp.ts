import { connect, type Socket } from 'node:net';

/** An HTTP answer read byte for byte from a raw socket. */
export interface RawAnswer {
  /** 0 when the server closed without sending a status line. */
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Everything the server sent. */
  readonly text: string;
  /** The socket error the client saw, if any (`ECONNRESET`, `EPIPE`). */
  readonly error: string | undefined;
}

/** Splits what a server sent into status, headers and body (no chunked decoding needed here). */
export function parseAnswer(text: string, error?: string): RawAnswer {
  const end = text.indexOf('\r\n\r\n');
  const head = end === -1 ? text : text.slice(0, end);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  return { status, headers, body: end === -1 ? '' : text.slice(end + 4), text, error };
}

/** A raw connection to a server on loopback that records what the server sends until it closes. */
export interface RawConnection {
  readonly socket: Socket;
  /** Resolves once the server closed the connection (or it failed). */
  readonly closed: Promise<RawAnswer>;
}

/** Opens a raw connection to `port` on 127.0.0.1 and writes `bytes` (if any) at once. */
export async function openRaw(port: number, bytes?: string | Buffer): Promise<RawConnection> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const received: Buffer[] = [];
  let error: string | undefined;
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
  // The server half-closing is answered by closing this side too, as a browser would.
  socket.on('end', () => socket.end());
  const closed = new Promise<RawAnswer>((resolve) =>
    socket.once('close', () => resolve(parseAnswer(Buffer.concat(received).toString('latin1'), error))),
  );
  if (bytes !== undefined) socket.write(bytes);
  return { socket, closed };
}

/** Sends one request (which should say `connection: close`) and reads the answer until the server closes. */
export async function rawRequest(port: number, bytes: string | Buffer): Promise<RawAnswer> {
  return (await openRaw(port, bytes)).closed;
}

/** The port of a base URL such as `http://127.0.0.1:1234/`. */
export function portOf(base: string): number {
  return Number(new URL(base).port);
}
