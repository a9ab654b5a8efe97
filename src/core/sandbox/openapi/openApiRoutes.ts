import type { IncomingMessage } from 'node:http';
import { sendJson } from '../apiAnswer';
import { findConnection, requireAdmin, requireToken, unauthorized } from '../apiRoutes';
import { HttpProblem } from '../httpProblem';
import { decodeSegment, readBytes, readRequestJson } from '../requestInput';
import type { SandboxCall, SandboxContext } from '../sandboxContext';
import type { SandboxConnection } from '../sandboxModels';
import { answerEam } from './eamRoutes';
import type { Operation } from './operations';
import { operationTable } from './sandboxData';
import { answerSystem } from './systemRoutes';

/** Operations that take a connection's token rather than the admin one. */
function takesConnectionToken(operation: Operation): boolean {
  return (
    operation.document === 'eam' || /^\/api\/(raw|passthrough|integrations)(\/|$)/.test(operation.template)
  );
}

/**
 * Answers every operation of oas3_system.json and oas3_eam.json that apiRoutes.ts does not, as
 * the documents route and type them; resolves `false` for paths outside `/api/`.
 * @throws HttpProblem 404 for a path no document has, 405 (with `Allow`) for a method it does
 * not take, 401 for a missing or wrong token, 503 while the connection is offline, and the
 * operation's own 400/404/413/422.
 */
export async function handleOpenApi(ctx: SandboxContext, call: SandboxCall): Promise<boolean> {
  const { req, res, url, requestId } = call;
  if (!url.pathname.startsWith('/api/')) return false;
  const method = req.method ?? 'GET';
  const segments = url.pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => decodeSegment(s, 'path segment'));
  const match = operationTable().match(method, segments);
  if (match.kind === 'none') {
    throw new HttpProblem(
      404,
      'NOT_FOUND',
      'invalid_request_error',
      `No endpoint ${method} ${url.pathname}; the API's paths are those of Makini's oas3_system.json and oas3_eam.json.`,
    );
  }
  if (match.kind === 'method') {
    const allow = match.allow.join(', ');
    throw new HttpProblem(
      405,
      'METHOD_NOT_ALLOWED',
      'invalid_request_error',
      `${url.pathname} does not take ${method}; it takes ${allow}.`,
      { allow },
    );
  }
  const { operation, params } = match;
  const connection = authorize(ctx, req, operation);
  const body = operation.bodyType === undefined ? undefined : await readBody(req, operation);
  const now = new Date(ctx.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const answer =
    operation.document === 'eam' && connection
      ? answerEam({
          operation,
          params,
          url,
          body,
          connection,
          data: ctx.data.of(connection.key),
          state: ctx.state,
          baseUrl: ctx.baseUrl(),
          now,
          table: operationTable(),
        })
      : answerSystem({ ctx, operation, params, url, body, connection });
  sendJson(res, requestId, 200, answer);
  return true;
}

/** The connection a connection-token operation is for (undefined for admin operations). */
function authorize(
  ctx: SandboxContext,
  req: IncomingMessage,
  operation: Operation,
): SandboxConnection | undefined {
  if (!takesConnectionToken(operation)) {
    requireAdmin(ctx, req);
    return undefined;
  }
  const subject = requireToken(ctx, req);
  if (subject.kind !== 'connection')
    throw unauthorized(
      'This endpoint takes a connection token from POST /api/system/connections/{id}/token.',
    );
  const connection = findConnection(ctx, subject.key);
  if (!connection.online && operation.template !== '/api/integrations/current') {
    throw new HttpProblem(
      503,
      'PLATFORM_UNAVAILABLE',
      'api_error',
      `${connection.integrationName} does not answer.`,
    );
  }
  return connection;
}

/**
 * The body as the operation takes it: JSON, or multipart form fields (POST /api/eam/documents),
 * where a file field becomes its file name.
 * @throws HttpProblem 400 for a body that is not JSON (or not multipart), 413 over 1 MiB, 415
 * for JSON sent to the multipart operation.
 */
async function readBody(req: IncomingMessage, operation: Operation): Promise<unknown> {
  if (operation.bodyType !== 'multipart/form-data') return readRequestJson(req);
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) {
    throw new HttpProblem(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'invalid_request_error',
      `${operation.id} takes multipart/form-data (curl -F file=@manual.pdf -F name=Manual).`,
    );
  }
  const bytes = await readBytes(req);
  try {
    const form = await new Response(bytes, { headers: { 'content-type': type } }).formData();
    const fields: Record<string, unknown> = {};
    for (const [name, value] of form) {
      fields[name] = typeof value === 'string' ? value : value.name;
      if (typeof value !== 'string' && name === 'file')
        fields.contentType = value.type || 'application/octet-stream';
    }
    return fields;
  } catch (error) {
    throw new HttpProblem(
      400,
      'INVALID_REQUEST',
      'invalid_request_error',
      'The body is not valid multipart/form-data.',
      {},
      { cause: error },
    );
  }
}
