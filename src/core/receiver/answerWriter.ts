import type { ServerResponse } from 'node:http';
import type { Answer } from './exchangeOutcome';

/**
 * Sends a decided answer, unless one is already on its way. A closing answer ends the
 * connection, and the socket is destroyed once the answer is out and `lingerMs` has passed:
 * a client that never reads or closes must not hold a descriptor (half-closed sockets stay in
 * FIN-WAIT-2 for as long as the peer likes).
 */
export function writeAnswer(response: ServerResponse, answer: Answer, lingerMs: number): void {
  if (response.headersSent || response.destroyed) return;
  // Discard an unread body rather than wait for node to drain it: the connection stays usable.
  if (!answer.close) response.req.resume();
  response.writeHead(answer.status, answer.headers);
  response.end(answer.body);
  if (answer.close) lingerThenDestroy(response, lingerMs);
}

function lingerThenDestroy(response: ServerResponse, lingerMs: number): void {
  const socket = response.socket;
  if (!socket) return;
  response.once('finish', () => {
    const timer = setTimeout(() => socket.destroy(), lingerMs);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  });
}
