import type { ServerResponse } from 'node:http';
import type { ExchangeResult } from './webhookExchange';
import { recordedBody } from './requestFacts';

/**
 * Answers with a JSON body, unless an answer is already on its way. `close` ends the connection
 * afterwards: used when the body was not read, so it is not left in a keep-alive stream.
 */
export function sendJson(response: ServerResponse, status: number, body: unknown, close = false): void {
  if (response.headersSent || response.destroyed) return;
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(close ? { connection: 'close' } : {}),
  });
  response.end(text);
}

/** Answers `{error, message}` and returns the receipt facts of a refused request. */
export function refuse(
  response: ServerResponse,
  status: number,
  reason: string,
  message: string,
  close = false,
): ExchangeResult {
  // Discard an unread body rather than wait for node to drain it: the connection stays usable.
  if (!close) response.req.resume();
  sendJson(response, status, { error: reason, message }, close);
  return {
    ...recordedBody(undefined),
    verified: false,
    reason,
    message,
    duplicate: false,
    schemaErrors: [],
    status,
  };
}
