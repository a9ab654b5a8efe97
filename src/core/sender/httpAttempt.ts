import * as http from 'node:http';
import * as https from 'node:https';
import { type AttemptError, cancelledError, classifyRequestError, timeoutError } from './attemptError';
import { type AttemptResponse, RESPONSE_BODY_CAP } from './deliveryRecord';

export interface HttpAttemptOptions {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** Covers connecting, the answer and its body. */
  readonly timeoutMs: number;
  readonly agent?: http.Agent;
  readonly signal?: AbortSignal;
}

export type HttpAttemptResult = { readonly response: AttemptResponse } | { readonly error: AttemptError };

/** Bytes past this are discarded; a body past it is not worth waiting for. */
const DRAIN_LIMIT = 16 * RESPONSE_BODY_CAP;

function plainHeaders(headers: http.IncomingHttpHeaders): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) result[name] = value;
  return result;
}

/**
 * One POST, with no redirects followed (node:http never follows them). Never rejects: a request
 * that gets no answer resolves to a typed error (timeout, refused, dns, tls, reset, cancelled).
 */
export function sendHttpAttempt(options: HttpAttemptOptions): Promise<HttpAttemptResult> {
  return new Promise((resolve) => {
    if (options.signal?.aborted) return resolve({ error: cancelledError() });
    const transport = options.url.protocol === 'https:' ? https : http;
    let settled = false;
    let failure: AttemptError | undefined;
    const finish = (result: HttpAttemptResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const request = transport.request(options.url, {
      method: 'POST',
      headers: { ...options.headers, 'content-length': String(options.body.length) },
      agent: options.agent,
    });
    const stop = (error: AttemptError): void => {
      failure = error;
      request.destroy();
      finish({ error });
    };
    const timer = setTimeout(() => stop(timeoutError(options.timeoutMs)), options.timeoutMs);
    const onAbort = (): void => stop(cancelledError());
    options.signal?.addEventListener('abort', onAbort, { once: true });

    request.on('error', (error) => finish({ error: failure ?? classifyRequestError(error) }));
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (kept < RESPONSE_BODY_CAP) {
          const part = chunk.subarray(0, RESPONSE_BODY_CAP - kept);
          chunks.push(part);
          kept += part.length;
        }
        if (received > DRAIN_LIMIT) response.destroy();
      });
      const done = (): void =>
        finish({
          response: {
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? '',
            headers: plainHeaders(response.headers),
            body: Buffer.concat(chunks).toString('utf8'),
            bodyBytes: received,
            truncated: received > kept,
          },
        });
      response.on('end', done);
      // A body cut short (reset, or too large to drain) still leaves a status worth recording.
      response.on('close', done);
      response.on('error', () => undefined);
    });
    request.end(options.body);
  });
}
