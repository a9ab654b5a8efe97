import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { HttpProblem } from './httpProblem';

/** A fresh request ID in the shape Makini's support asks for. */
export function newRequestId(): string {
  return `req_${randomUUID().replace(/-/g, '')}`;
}

/** Writes a JSON answer with the request's ID in `x-request-id`. */
export function sendJson(
  res: ServerResponse,
  requestId: string,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': requestId,
    ...headers,
  });
  res.end(text);
}

/** Writes `{code, type, message, request_id}`, the error body Makini's FAQ describes. */
export function sendProblem(res: ServerResponse, requestId: string, problem: HttpProblem): void {
  const body = {
    code: problem.code,
    type: problem.type,
    message: problem.message,
    request_id: requestId,
    ...(problem.fields.length > 0 ? { errors: problem.fields } : {}),
  };
  sendJson(res, requestId, problem.status, body, problem.headers);
}
