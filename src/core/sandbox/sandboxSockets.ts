import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { newRequestId } from './apiAnswer';

/** How long the sandbox waits on a client, in milliseconds. */
export interface SandboxTimeouts {
  /** For a request's headers to arrive. */
  readonly headersMs: number;
  /** For a whole request, body included: slower bodies are cut off with a 408. */
  readonly requestMs: number;
  /** For the next request on an idle kept-alive connection. */
  readonly keepAliveMs: number;
  /** For a closing connection to be closed by the client too, before it is destroyed. */
  readonly lingerMs: number;
}

export const DEFAULT_TIMEOUTS: SandboxTimeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  keepAliveMs: 5_000,
  lingerMs: 2_000,
};

/** The `http.createServer` options for these timeouts (Node's own defaults hold sockets 5 minutes). */
export function serverOptions(timeouts: SandboxTimeouts): ServerOptions {
  return {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    // Node checks the two request timeouts on this interval (30 s unless told), so it bounds how late they fire.
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(timeouts.headersMs / 4))),
  };
}

/**
 * Whether part of the request's body is still unread. A request without `content-length` or
 * `transfer-encoding` has none, even while Node has not yet marked it complete.
 */
export function bodyUnread(req: IncomingMessage): boolean {
  if (req.complete) return false;
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Ends the connection once `res` is sent (`connection: close`). The client may still be sending
 * a body: the socket keeps reading and dropping it until the client closes or `lingerMs` pass,
 * because closing with unread bytes makes the kernel reset the connection, and a reset can take
 * the answer with it before the client reads it.
 */
export function closeAfterAnswer(res: ServerResponse, lingerMs: number): void {
  res.setHeader('connection', 'close');
  const socket = res.socket;
  if (!socket) return;
  res.once('finish', () => {
    // Node's own close for `connection: close` (`destroySoon`) destroys the socket once the answer
    // is flushed, by a 'finish' listener that is the socket's own `destroy`; it is only compared here.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    socket.removeListener('finish', socket.destroy);
    linger(socket, lingerMs);
  });
}

/** Half-closes `socket`, then destroys it when the client closes its side or after `lingerMs`. */
function linger(socket: Socket, lingerMs: number): void {
  if (socket.destroyed) return;
  const timer = setTimeout(() => socket.destroy(), lingerMs);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  socket.once('end', () => socket.destroy());
  socket.resume();
  socket.end();
}

interface ClientProblem {
  readonly status: number;
  readonly reason: string;
  readonly code: string;
  readonly message: string;
}

function clientProblem(error: NodeJS.ErrnoException): ClientProblem {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        reason: 'Request Timeout',
        code: 'REQUEST_TIMEOUT',
        message: 'The request did not arrive in time; send its headers and body without pausing.',
      };
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        reason: 'Request Header Fields Too Large',
        code: 'HEADERS_TOO_LARGE',
        message: 'The request headers are over 16 KiB; send fewer or shorter headers.',
      };
    default:
      return {
        status: 400,
        reason: 'Bad Request',
        code: 'INVALID_REQUEST',
        message: `The request is not valid HTTP/1.1 (${error.code ?? 'parse error'}).`,
      };
  }
}

/**
 * Answers what Node's parser refuses, and requests that time out, in Makini's error shape, then
 * closes the connection. Replaces Node's bare answer, which also resets clients still sending.
 */
export function answerClientErrors(server: Server, lingerMs: number): void {
  const current = new WeakMap<Socket, ServerResponse>();
  const closing = new WeakSet<Socket>();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => current.set(req.socket, res));
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // A parse error comes again with each further chunk; the first answer stands.
    if (closing.has(socket)) return;
    closing.add(socket);
    if (error.code === 'ECONNRESET' || !socket.writable || current.get(socket)?.headersSent) {
      socket.destroy();
      return;
    }
    const problem = clientProblem(error);
    const requestId = newRequestId();
    const body = JSON.stringify({
      code: problem.code,
      type: 'invalid_request_error',
      message: problem.message,
      request_id: requestId,
    });
    socket.write(
      `HTTP/1.1 ${problem.status} ${problem.reason}\r\ncontent-type: application/json\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nx-request-id: ${requestId}\r\nconnection: close\r\n\r\n${body}`,
    );
    linger(socket, lingerMs);
  });
}
