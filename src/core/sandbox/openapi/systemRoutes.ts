import { randomBytes, randomInt } from 'node:crypto';
import { PROVIDERS } from '../../events/providers';
import { connectionResource, findConnection } from '../apiRoutes';
import { HttpProblem } from '../httpProblem';
import type { SandboxContext } from '../sandboxContext';
import type { SandboxConnection } from '../sandboxModels';
import { eamCollection } from './eamCatalog';
import { checkBody, checkValue } from './eamWrites';
import { applyQuery, pageAnswer, readListQuery } from './listQuery';
import type { Operation } from './operations';

/** One system operation, routed and authorized (`connection` for connection-token operations). */
export interface SystemRequest {
  readonly ctx: SandboxContext;
  readonly operation: Operation;
  readonly params: Readonly<Record<string, string>>;
  readonly url: URL;
  readonly body: unknown;
  readonly connection: SandboxConnection | undefined;
}

/** A few raw tables per platform, each over one EAM collection, named as the platform names them. */
const RAW_TABLES: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  sap_pm: [
    ['AUFK', 'work-orders'],
    ['EQUI', 'assets'],
    ['IFLOT', 'locations'],
    ['MARA', 'materials'],
  ],
  ibm_maximo: [
    ['WORKORDER', 'work-orders'],
    ['ASSET', 'assets'],
    ['LOCATIONS', 'locations'],
    ['ITEM', 'materials'],
  ],
  infor_eam: [
    ['R5EVENTS', 'work-orders'],
    ['R5OBJECTS', 'assets'],
    ['R5PARTS', 'materials'],
  ],
};
const DEFAULT_TABLES: readonly (readonly [string, string])[] = [
  ['work_orders', 'work-orders'],
  ['assets', 'assets'],
  ['locations', 'locations'],
  ['parts', 'materials'],
];

function tablesOf(provider: string): readonly (readonly [string, string])[] {
  return RAW_TABLES[provider] ?? DEFAULT_TABLES;
}

const REDIRECT = 'https://example.com/makini/callback';

function need(connection: SandboxConnection | undefined): SandboxConnection {
  if (!connection)
    throw new HttpProblem(
      401,
      'AUTHENTICATION_FAILED',
      'authentication_error',
      'A connection token is needed.',
    );
  return connection;
}

/**
 * Answers the system operations apiRoutes.ts does not (raw tables, passthrough, client,
 * connection create/delete/metadata, DELETE /api/integrations/current).
 * @throws HttpProblem 404 for unknown connections and tables, 422 for bad bodies and queries.
 */
export function answerSystem(request: SystemRequest): unknown {
  const { ctx, operation, params } = request;
  switch (operation.id) {
    case 'GET /api/raw/tables':
      return rawTables(ctx, need(request.connection));
    case 'GET /api/raw/tables/{table}/data':
      return rawTable(request, need(request.connection), params.table ?? '');
    case 'DELETE /api/integrations/current': {
      const connection = need(request.connection);
      remove(ctx, connection.key);
      return { message: `The integration of '${connection.name}' was deleted.` };
    }
    case 'GET /api/system/client':
      return clientResource(ctx);
    case 'POST /api/system/connections':
      return createConnection(ctx, checkBody(operation.validateBody(), request.body));
    case 'DELETE /api/system/connections/{id}': {
      const connection = findConnection(ctx, params.id ?? '');
      remove(ctx, connection.key);
      return { message: `Connection '${connection.key}' was deleted.` };
    }
    case 'GET /api/system/connections/{id}/metadata': {
      const connection = findConnection(ctx, params.id ?? '');
      const query = readListQuery(request.url, operation, new Set());
      return pageAnswer(
        ctx.baseUrl(),
        request.url,
        query,
        1,
        query.page === 1 ? [metadataResource(ctx, connection)] : [],
      );
    }
    case 'POST /api/system/connections/{id}/metadata': {
      const connection = findConnection(ctx, params.id ?? '');
      // The schema is a list of {key, value} strings: checked, the entries are those.
      setMetadata(ctx, connection, checkValue(operation.validateBody(), request.body ?? []));
      return { data: metadataResource(ctx, connection) };
    }
    case 'POST /api/passthrough':
      return passthrough(need(request.connection), checkBody(operation.validateBody(), request.body));
    default:
      throw new HttpProblem(404, 'NOT_FOUND', 'invalid_request_error', `No endpoint ${operation.id}.`);
  }
}

/** The schema is a list of `{key, value}` strings; checked, the entries are those. */
function setMetadata(ctx: SandboxContext, connection: SandboxConnection, entries: unknown): void {
  const pairs: [string, string][] = [];
  for (const entry of Array.isArray(entries) ? (entries as unknown[]) : []) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { key, value } = entry as { key?: unknown; value?: unknown };
    if (typeof key === 'string') pairs.push([key, typeof value === 'string' ? value : '']);
  }
  ctx.data.setMetadata(connection.key, Object.fromEntries(pairs));
}

function rawTables(ctx: SandboxContext, connection: SandboxConnection): unknown {
  const data = ctx.data.of(connection.key);
  return {
    data: tablesOf(connection.provider).map(([name, collection]) => {
      const found = eamCollection(collection);
      return { name, records: found ? data.size(found) : 0 };
    }),
  };
}

function clientResource(ctx: SandboxContext): unknown {
  return {
    data: {
      id: ctx.credentials.clientId,
      name: 'Makini sandbox',
      logo_url: `${ctx.baseUrl()}/_sandbox/`,
      email: 'developer@sandbox.example',
      default_redirect: REDIRECT,
      redirects: [REDIRECT],
    },
  };
}

function remove(ctx: SandboxContext, key: string): void {
  ctx.state.removeConnection(key);
  ctx.data.forget(key);
}

function metadataResource(ctx: SandboxContext, connection: SandboxConnection): Record<string, unknown> {
  // ConnectionMetadata has the Connection fields but `tags`.
  const resource = Object.fromEntries(
    Object.entries(connectionResource(connection)).filter(([f]) => f !== 'tags'),
  );
  const metadata = { provider: connection.provider, ...ctx.data.metadata(connection.key) };
  return { ...resource, user_metadata: JSON.stringify(metadata) };
}

function rawTable(request: SystemRequest, connection: SandboxConnection, table: string): unknown {
  const tables = tablesOf(connection.provider);
  const found = tables.find(([name]) => name === table);
  const collection = eamCollection(found?.[1] ?? '');
  if (!collection) {
    const names = tables.map(([name]) => name).join(', ');
    throw new HttpProblem(
      404,
      'NOT_FOUND',
      'invalid_request_error',
      `No raw table '${table.slice(0, 60)}'; ${connection.integrationName} has ${names}.`,
    );
  }
  const data = request.ctx.data.of(connection.key);
  const rows = data.all(collection);
  const query = readListQuery(request.url, request.operation, new Set(Object.keys(rows[0] ?? {})));
  const kept = applyQuery(rows, query);
  const start = (query.page - 1) * query.perPage;
  return pageAnswer(
    request.ctx.baseUrl(),
    request.url,
    query,
    kept.length,
    kept.slice(start, start + query.perPage),
  );
}

function createConnection(ctx: SandboxContext, body: Record<string, unknown>): unknown {
  const provider = PROVIDERS.find((p) => p.slug === body.provider);
  if (!provider) {
    const slugs = PROVIDERS.map((p) => p.slug).join(', ');
    throw new HttpProblem(
      422,
      'VALIDATION_FAILED',
      'invalid_request_error',
      `'provider' must be a platform slug from GET /api/system/platforms: ${slugs}.`,
      {},
      {
        fields: [{ field: 'provider', message: `must be one of ${slugs}` }],
      },
    );
  }
  const email = String(body.email);
  const at = new Date(ctx.now()).toISOString();
  let key = '';
  do key = String(randomInt(10 ** 13, 10 ** 14 - 1));
  while (ctx.state.connections().some((c) => c.key === key));
  const name = typeof body.name === 'string' && body.name !== '' ? body.name : email;
  ctx.state.addConnection({
    key,
    name,
    email,
    provider: provider.slug,
    integrationName: provider.name,
    status: 'Pending',
    syncStatus: 'inprogress',
    syncUpdatedAt: at,
    online: true,
    credentialsValid: true,
    readOnly: false,
    eventTypes: null,
    tags: [provider.slug],
    createdAt: at,
    updatedAt: at,
    connectedAt: null,
  });
  ctx.data.register(key);
  const ttl = ctx.connectionTokenTtlSeconds;
  return {
    data: {
      access_token: ctx.tokens.issue({ kind: 'connection', key }, ttl),
      // The sandbox's refresh grant is Makini Link's (POST /link/token); this one is opaque.
      refresh_token: `rt_${randomBytes(24).toString('hex')}`,
      // ConnectionStore types expires_in as a string.
      expires_in: String(ttl),
    },
  };
}

/** POST /api/passthrough: the request the connected system would get, echoed by its stand-in. */
function passthrough(connection: SandboxConnection, body: Record<string, unknown>): unknown {
  const given =
    typeof body.headers === 'object' && body.headers !== null
      ? (body.headers as Record<string, unknown>)
      : {};
  const method = typeof body.method === 'string' ? body.method.toUpperCase() : 'GET';
  const path = typeof body.path === 'string' ? body.path.replace(/^\/+/, '') : '';
  return {
    data: {
      status: 200,
      platform: connection.provider,
      request: {
        method,
        url: `https://${connection.provider.replace(/_/g, '-')}.platform.example/${path}`,
        headers: {
          ...given,
          // What Makini adds on its way to the platform: its credentials (never shown) and its name.
          authorization: 'Bearer [platform credentials, not shown]',
          accept: 'application/json',
          'user-agent': 'Makini-Passthrough (sandbox)',
        },
        query: body.query ?? null,
        body: body.body ?? null,
        base64encoded: body.base64encoded === true,
        sql: body.sql ?? null,
        parameters: body.parameters ?? null,
      },
    },
  };
}
