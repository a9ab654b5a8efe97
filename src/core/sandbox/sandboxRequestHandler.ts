import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkHostHeader } from '../net/loopback';
import { abortableDelay } from '../timing/abortableDelay';
import { handleApi } from './apiRoutes';
import { handleAuthorize } from './authorizePage';
import { handleOpenApi } from './openapi/openApiRoutes';
import { handleControl, type ControlHooks } from './controlRoutes';
import type { Fault } from './faults';
import { newRequestId, sendProblem } from './apiAnswer';
import { HttpProblem } from './httpProblem';
import type { ReauthorizePage } from './reauthorizePage';
import type { SandboxCall, SandboxContext } from './sandboxContext';
import { SandboxError } from './sandboxErrors';
import { bodyUnread, closeAfterAnswer } from './sandboxSockets';

/** Everything one request needs; `signal` aborts when the sandbox stops. */
export interface HandlerDeps {
  readonly ctx: SandboxContext;
  readonly hooks: ControlHooks;
  readonly reauthorize: ReauthorizePage;
  readonly signal: AbortSignal;
  /** The address the server listens on: on loopback, only loopback `Host` names are answered. */
  readonly boundHost: string;
  /** How long a connection closed after an error answer keeps reading what the client still sends. */
  readonly lingerMs: number;
  /** Told of every answered request (for output lines and request counting). */
  readonly onAnswered: (request: AnsweredRequest) => void;
}

/** A request the sandbox answered. */
export interface AnsweredRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly requestId: string;
}

/**
 * Routes one request: control endpoints and the reauthorization page answer directly; Makini's
 * API endpoints first go through fault injection. Every answer carries `x-request-id`; an error
 * answer to a request whose body is still coming closes the connection.
 */
export async function handleRequest(
  deps: HandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const requestId = newRequestId();
  let path = req.url ?? '/';
  res.once('finish', () =>
    deps.onAnswered({ method: req.method ?? 'GET', path, status: res.statusCode, requestId }),
  );
  try {
    const url = requestUrl(req);
    path = url.pathname;
    const host = checkHostHeader(req.headers.host, deps.boundHost);
    if (!host.ok) throw new HttpProblem(421, 'MISDIRECTED_REQUEST', 'invalid_request_error', host.message);
    await route(deps, { req, res, url, requestId });
  } catch (error) {
    // Gone: the sandbox stopped, the client left, or a timeout already answered on the socket.
    if (deps.signal.aborted || res.headersSent || !req.socket.writable) return;
    if (bodyUnread(req)) closeAfterAnswer(res, deps.lingerMs);
    sendProblem(res, requestId, toProblem(error));
  }
}

/** @throws HttpProblem 400 for a request target that is not a path (or a URL). */
function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', 'http://sandbox.invalid');
  } catch (error) {
    throw new HttpProblem(
      400,
      'INVALID_REQUEST',
      'invalid_request_error',
      `The request target '${(req.url ?? '').slice(0, 100)}' is not a path; send one such as /api/system/connections.`,
      {},
      { cause: error },
    );
  }
}

async function route(deps: HandlerDeps, call: SandboxCall): Promise<void> {
  const { req, res, url } = call;
  if (url.pathname.startsWith('/_sandbox/')) {
    await handleControl(deps.ctx, deps.hooks, call);
    return;
  }
  if (await deps.reauthorize.handle(deps.ctx, call)) return;
  if (await handleAuthorize(deps.ctx, call)) return;
  if (isApiPath(url.pathname)) {
    const latency = deps.ctx.faults.current.latencyMs;
    // A stopping sandbox ends the wait; nothing is answered then.
    if (latency > 0 && !(await abortableDelay(latency, deps.signal))) return;
    const fault = deps.ctx.faults.next(
      req.headers.authorization !== undefined && url.pathname.startsWith('/api/'),
    );
    if (fault && applyFault(deps, fault, req, res, call.requestId)) return;
    if (await handleApi(deps.ctx, call)) return;
    if (await handleOpenApi(deps.ctx, call)) return;
  }
  throw new HttpProblem(
    404,
    'NOT_FOUND',
    'invalid_request_error',
    `No endpoint ${req.method ?? 'GET'} ${url.pathname}.`,
  );
}

function isApiPath(path: string): boolean {
  return path === '/link/token' || path.startsWith('/api/');
}

/** Applies a fault; answers `true` when the request is taken care of (hung counts). */
function applyFault(
  deps: HandlerDeps,
  fault: Fault,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): boolean {
  switch (fault.kind) {
    case 'server_error':
      throw new HttpProblem(
        500,
        'INTERNAL_ERROR',
        'api_error',
        'Something went wrong on our side (injected fault).',
      );
    case 'rate_limited':
      throw new HttpProblem(
        429,
        'RATE_LIMIT_EXCEEDED',
        'rate_limit_error',
        'Too many requests (injected fault).',
        {
          'retry-after': String(fault.retryAfterSeconds),
        },
      );
    case 'expired_token':
      deps.ctx.tokens.expire(req.headers.authorization);
      return false;
    case 'malformed':
      // What a captive portal or misconfigured proxy answers in Makini's place.
      res.writeHead(200, { 'content-type': 'text/html', 'x-request-id': requestId });
      res.end('<html><body>Gateway login required</body></html>');
      return true;
    case 'hang':
      // Never answer: the socket stays open until the client gives up or the sandbox stops.
      req.resume();
      return true;
  }
}

function toProblem(error: unknown): HttpProblem {
  if (HttpProblem.is(error)) return error;
  if (SandboxError.is(error)) {
    const status = error.code === 'unknown_connection' ? 404 : 422;
    const code = error.code === 'unknown_connection' ? 'NOT_FOUND' : 'VALIDATION_FAILED';
    return new HttpProblem(status, code, 'invalid_request_error', error.message, {}, { cause: error });
  }
  const message = 'The sandbox failed to answer this request.';
  return new HttpProblem(500, 'INTERNAL_ERROR', 'api_error', message, {}, { cause: error });
}
