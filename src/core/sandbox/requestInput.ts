import type { IncomingMessage } from 'node:http';
import { HttpProblem } from './httpProblem';

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads a request body: JSON objects, or form fields for `application/x-www-form-urlencoded`.
 * @throws HttpProblem 413 for bodies over 1 MiB, 400 for a body that is not a JSON object; the
 * stream's error when the client goes away first.
 */
export async function readRequestFields(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = (await readBytes(req)).toString('utf8');
  if (text.trim() === '') return {};
  if ((req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new HttpProblem(
      400,
      'INVALID_JSON',
      'invalid_request_error',
      'The body is not valid JSON.',
      {},
      {
        cause: error,
      },
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HttpProblem(400, 'INVALID_REQUEST', 'invalid_request_error', 'The body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/**
 * Reads a request body as any JSON value (an empty body is `undefined`).
 * @throws HttpProblem 413 for bodies over 1 MiB, 400 for a body that is not JSON; the stream's
 * error when the client goes away first.
 */
export async function readRequestJson(req: IncomingMessage): Promise<unknown> {
  const text = (await readBytes(req)).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = 'The body is not valid JSON; send a JSON document with content-type application/json.';
    throw new HttpProblem(400, 'INVALID_JSON', 'invalid_request_error', message, {}, { cause: error });
  }
}

/**
 * Collects the body. An oversized one is refused without destroying the request (as leaving a
 * `for await` over it would), so the 413 still reaches the client before the connection closes.
 */
export function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (): void => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      settle();
      // Left flowing with no reader, the rest of the body is dropped as it arrives.
      reject(new HttpProblem(413, 'PAYLOAD_TOO_LARGE', 'invalid_request_error', 'The body is over 1 MiB.'));
    };
    const onEnd = (): void => {
      settle();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error): void => {
      settle();
      reject(error);
    };
    const onClose = (): void =>
      onError(new Error('The client closed the connection before sending the whole body.'));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/**
 * A path segment, percent-decoded.
 * @throws HttpProblem 400 naming the segment when its percent-encoding is not valid UTF-8.
 */
export function decodeSegment(segment: string, what: string): string {
  try {
    return decodeURIComponent(segment);
  } catch (error) {
    throw new HttpProblem(
      400,
      'INVALID_REQUEST',
      'invalid_request_error',
      `The ${what} in the path, '${segment.slice(0, 100)}', is not valid percent-encoding; encode it with encodeURIComponent.`,
      {},
      { cause: error },
    );
  }
}

/**
 * A string field of a request body.
 * @throws HttpProblem 422 naming the field when it is missing or not a string.
 */
export function stringField(body: Readonly<Record<string, unknown>>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') {
    throw new HttpProblem(
      422,
      'VALIDATION_FAILED',
      'invalid_request_error',
      `The '${field}' field must be a non-empty string.`,
    );
  }
  return value;
}
