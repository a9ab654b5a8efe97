import * as http from 'node:http';
import * as https from 'node:https';

export interface ForwardRequest {
  readonly target: URL;
  readonly method: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  /** Who sent the webhook and which host they addressed, for the `x-forwarded-*` headers. */
  readonly remoteAddress: string | undefined;
  readonly host: string | undefined;
  readonly timeoutMs: number;
  /** Most bytes of the app's answer kept (the rest is read and dropped). */
  readonly maxResponseBytes: number;
  /** Aborting gives up on the app at once (the receiver is stopping). */
  readonly signal?: AbortSignal;
}

export type ForwardError = 'timeout' | 'unreachable';

export interface ForwardOutcome {
  /** The app's status; absent when it did not answer. */
  readonly status?: number;
  readonly ms: number;
  readonly contentType?: string;
  readonly body: Buffer;
  /** The app answered more than `maxResponseBytes`; `body` is its start. */
  readonly truncated?: boolean;
  readonly error?: ForwardError;
  readonly message?: string;
}

// Hop-by-hop headers describe one connection, not the message (RFC 9110 section 7.6.1).
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
  'content-length',
]);

function forwardedHeaders(request: ForwardRequest): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  const priorFor = request.headers['x-forwarded-for'];
  const chain = [priorFor, request.remoteAddress].filter(
    (v): v is string => typeof v === 'string' && v !== '',
  );
  if (chain.length > 0) headers['x-forwarded-for'] = chain.join(', ');
  if (request.host !== undefined) headers['x-forwarded-host'] = request.host;
  headers['x-forwarded-proto'] = 'http';
  headers['content-length'] = request.body.length;
  return headers;
}

/**
 * Relays a webhook to the developer's app: same method and raw body, the original headers plus
 * `x-forwarded-*`. Never rejects: an app that does not answer in time or cannot be reached is an
 * outcome with `error` set.
 */
export function forward(request: ForwardRequest): Promise<ForwardOutcome> {
  const started = performance.now();
  const elapsed = (): number => Math.round((performance.now() - started) * 10) / 10;
  const client = request.target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: ForwardOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const outgoing = client.request(request.target, {
      method: request.method,
      headers: forwardedHeaders(request),
      agent: false,
      signal: request.signal,
    });
    const timer = setTimeout(() => {
      settle({
        ms: elapsed(),
        body: Buffer.alloc(0),
        error: 'timeout',
        message: `The app at ${request.target.origin} did not answer within ${request.timeoutMs} ms.`,
      });
      outgoing.destroy();
    }, request.timeoutMs);
    outgoing.on('error', (error) =>
      settle({
        ms: elapsed(),
        body: Buffer.alloc(0),
        error: 'unreachable',
        message: `Could not reach the app at ${request.target.origin}: ${error.message}. Is it running?`,
      }),
    );
    outgoing.on('response', (response) => collectAnswer(request, response, elapsed, settle));
    outgoing.end(request.body);
  });
}

/** Keeps the app's answer up to `maxResponseBytes` (the rest is read and dropped), then settles. */
function collectAnswer(
  request: ForwardRequest,
  response: http.IncomingMessage,
  elapsed: () => number,
  settle: (outcome: ForwardOutcome) => void,
): void {
  const chunks: Buffer[] = [];
  let kept = 0;
  let truncated = false;
  response.on('data', (chunk: Buffer) => {
    const room = request.maxResponseBytes - kept;
    if (chunk.length > room) truncated = true;
    if (room <= 0) return;
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    chunks.push(part);
    kept += part.length;
  });
  response.on('end', () =>
    settle({
      status: response.statusCode ?? 502,
      ms: elapsed(),
      contentType: response.headers['content-type'],
      body: Buffer.concat(chunks, kept),
      ...(truncated ? { truncated } : {}),
    }),
  );
  response.on('error', (error) =>
    settle({
      ms: elapsed(),
      body: Buffer.alloc(0),
      error: 'unreachable',
      message: `The app at ${request.target.origin} broke off its answer: ${error.message}.`,
    }),
  );
}
