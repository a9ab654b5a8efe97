import type { IncomingMessage } from 'node:http';
import { PROVIDERS } from '../events/providers';
import { pageAnswer } from './openapi/listQuery';
import { sendJson } from './apiAnswer';
import { HttpProblem } from './httpProblem';
import { answerLinkToken } from './linkToken';
import { decodeSegment } from './requestInput';
import type { SandboxCall, SandboxContext } from './sandboxContext';
import type { SandboxConnection } from './sandboxModels';
import type { TokenSubject } from './sandboxTokens';

const MAX_PER_PAGE = 1000;

/** Answers Makini's API endpoints; resolves `false` when the path is not one of them. */
export async function handleApi(ctx: SandboxContext, call: SandboxCall): Promise<boolean> {
  const { req, res, url, requestId } = call;
  const method = req.method ?? 'GET';
  const path = url.pathname;
  if (method === 'POST' && path === '/link/token') {
    await answerLinkToken(ctx, call);
    return true;
  }
  if (method === 'GET' && path === '/api/system/connections') {
    requireAdmin(ctx, req);
    sendJson(res, requestId, 200, paged(ctx, url, ctx.state.connections(), connectionResource));
    return true;
  }
  if (method === 'GET' && path === '/api/system/platforms') {
    requireAdmin(ctx, req);
    const platforms = PROVIDERS.map((p) => ({ slug: p.slug, name: p.name }));
    sendJson(
      res,
      requestId,
      200,
      paged(ctx, url, platforms, (p) => p),
    );
    return true;
  }
  const tokenPath = /^\/api\/system\/connections\/([^/]+)\/token$/.exec(path);
  if (method === 'POST' && tokenPath?.[1]) {
    requireAdmin(ctx, req);
    const connection = findConnection(ctx, decodeSegment(tokenPath[1], 'connection id'));
    const ttl = ctx.connectionTokenTtlSeconds;
    const token = ctx.tokens.issue({ kind: 'connection', key: connection.key }, ttl);
    // The document's ConnectionToken schema is empty; its sample payload is {token, expires_in}.
    sendJson(res, requestId, 200, { data: { token, expires_in: ttl } });
    return true;
  }
  if (method === 'GET' && path === '/api/integrations/current') {
    const subject = requireToken(ctx, req);
    if (subject.kind !== 'connection') {
      throw unauthorized(
        'This endpoint takes a connection token from POST /api/system/connections/{id}/token.',
      );
    }
    const connection = findConnection(ctx, subject.key);
    if (!connection.online) {
      throw new HttpProblem(
        503,
        'PLATFORM_UNAVAILABLE',
        'api_error',
        `${connection.integrationName} does not answer.`,
      );
    }
    sendJson(res, requestId, 200, { data: integrationResource(connection) });
    return true;
  }
  return false;
}

export function unauthorized(message: string, code = 'AUTHENTICATION_FAILED'): HttpProblem {
  return new HttpProblem(401, code, 'authentication_error', message, { 'www-authenticate': 'Bearer' });
}

export function requireToken(ctx: SandboxContext, req: IncomingMessage): TokenSubject {
  const check = ctx.tokens.check(req.headers.authorization);
  if (check.ok) return check.subject;
  if (check.reason === 'expired') throw unauthorized('The access token has expired.', 'TOKEN_EXPIRED');
  if (check.reason === 'missing') throw unauthorized('Send an Authorization: Bearer <token> header.');
  throw unauthorized('The access token is not valid.', 'INVALID_TOKEN');
}

export function requireAdmin(ctx: SandboxContext, req: IncomingMessage): void {
  if (requireToken(ctx, req).kind !== 'admin') {
    throw unauthorized('This endpoint takes an admin token from POST /link/token.');
  }
}

export function findConnection(ctx: SandboxContext, key: string): SandboxConnection {
  try {
    return ctx.state.connection(key);
  } catch (error) {
    const message = `No connection with id '${key}'.`;
    throw new HttpProblem(404, 'NOT_FOUND', 'invalid_request_error', message, {}, { cause: error });
  }
}

function positiveInt(url: URL, name: string, fallback: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new HttpProblem(
      422,
      'VALIDATION_FAILED',
      'invalid_request_error',
      `'${name}' must be a whole number from 1 to ${max}.`,
    );
  }
  return n;
}

/** Laravel-style page-number pagination, as Makini's list endpoints answer. */
function paged<T, R>(ctx: SandboxContext, url: URL, items: readonly T[], show: (item: T) => R): unknown {
  const perPage = positiveInt(url, 'per_page', 15, MAX_PER_PAGE);
  const page = positiveInt(url, 'page', 1, Number.MAX_SAFE_INTEGER);
  const start = (page - 1) * perPage;
  const data = items.slice(start, start + perPage).map(show);
  return pageAnswer(ctx.baseUrl(), url, { page, perPage }, items.length, data);
}

export function connectionResource(c: SandboxConnection): Record<string, unknown> {
  return {
    key: c.key,
    name: c.name,
    email: c.email,
    status: c.status,
    integration_name: c.integrationName,
    redirect: 'https://example.com/makini/callback',
    scopes: 'read write',
    tags: c.tags,
    user_metadata: JSON.stringify({ provider: c.provider }),
    client_id: 'sandbox',
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    connected_at: c.connectedAt,
  };
}

/** The fields of an `Integration` resource, each from the connection field it shows. */
const INTEGRATION_FIELDS = {
  id: 'key',
  company_name: 'name',
  email: 'email',
  provider: 'provider',
  updated_at: 'updatedAt',
  sync_status: 'syncStatus',
  sync_updated_at: 'syncUpdatedAt',
} as const satisfies Record<string, keyof SandboxConnection>;

export function integrationResource(c: SandboxConnection): Record<string, unknown> {
  return Object.fromEntries(Object.entries(INTEGRATION_FIELDS).map(([name, field]) => [name, c[field]]));
}
