import { MalformedResponseError } from './apiErrors';
import {
  join,
  readList,
  readNumber,
  readObject,
  readOptionalString,
  readString,
  type JsonObject,
} from './fieldReader';
import type { Connection, ConnectionPage, Integration, IssuedToken, Platform } from './models';

/**
 * Parses `GET /api/system/connections`.
 * @throws MalformedResponseError naming the field that is not as documented.
 */
export function parseConnectionPage(body: unknown): ConnectionPage {
  const root = readObject(body, '');
  const connections = readList(root, 'data', '').map((item, i) => parseConnection(item, join('data', i)));
  const meta = root.meta === undefined ? undefined : readObject(root.meta, 'meta');
  const links = root.links === undefined ? undefined : readObject(root.links, 'links');
  return {
    connections,
    currentPage: meta ? readNumber(meta, 'current_page', 'meta') : 1,
    lastPage: meta ? readNumber(meta, 'last_page', 'meta') : 1,
    total: meta?.total === undefined || meta.total === null ? undefined : readNumber(meta, 'total', 'meta'),
    next: links ? readOptionalString(links, 'next', 'links') : undefined,
  };
}

function parseConnection(value: unknown, at: string): Connection {
  const item = readObject(value, at);
  const tags = item.tags === undefined || item.tags === null ? [] : readList(item, 'tags', at);
  return {
    key: readKey(item, at),
    name: readString(item, 'name', at),
    email: readOptionalString(item, 'email', at),
    status: readString(item, 'status', at),
    integrationName: readOptionalString(item, 'integration_name', at),
    tags: tags.filter((t): t is string => typeof t === 'string'),
    createdAt: readOptionalString(item, 'created_at', at),
    updatedAt: readOptionalString(item, 'updated_at', at),
    connectedAt: readOptionalString(item, 'connected_at', at),
  };
}

// The document's example key is numeric-looking text; accept a number too rather than fail.
function readKey(item: JsonObject, at: string): string {
  return typeof item.key === 'number' ? String(item.key) : readString(item, 'key', at);
}

/**
 * Parses `GET /api/integrations/current`: `{data: Integration}`.
 * @throws MalformedResponseError naming the field that is not as documented.
 */
export function parseIntegration(body: unknown): Integration {
  const data = readObject(readObject(body, '').data, 'data');
  return {
    id: typeof data.id === 'number' ? String(data.id) : readString(data, 'id', 'data'),
    companyName: readOptionalString(data, 'company_name', 'data'),
    email: readOptionalString(data, 'email', 'data'),
    provider: readOptionalString(data, 'provider', 'data'),
    updatedAt: readOptionalString(data, 'updated_at', 'data'),
    syncStatus: readString(data, 'sync_status', 'data'),
    syncUpdatedAt: readOptionalString(data, 'sync_updated_at', 'data'),
  };
}

/**
 * Parses `POST /link/token`: `{access_token, token_type, expires_in}`.
 * @throws MalformedResponseError naming the field that is not as documented.
 */
export function parseAdminToken(body: unknown): IssuedToken {
  const root = readObject(body, '');
  return { token: readString(root, 'access_token', ''), expiresInSeconds: readExpiry(root, '') };
}

/**
 * Parses `POST /api/system/connections/{id}/token`. The document wraps the answer in `data` but
 * its sample shows `{token, expires_in}` bare, so both are read.
 * @throws MalformedResponseError naming the field that is not as documented.
 */
export function parseConnectionToken(body: unknown): IssuedToken {
  const root = readObject(body, '');
  const at = root.data === undefined ? '' : 'data';
  const tokenObject = at === '' ? root : readObject(root.data, 'data');
  return { token: readString(tokenObject, 'token', at), expiresInSeconds: readExpiry(tokenObject, at) };
}

function readExpiry(object: JsonObject, at: string): number {
  const seconds = readNumber(object, 'expires_in', at);
  if (seconds <= 0) throw new MalformedResponseError(join(at, 'expires_in'), 'a positive number of seconds');
  return seconds;
}

/**
 * Parses `GET /api/system/platforms` (one page).
 * @throws MalformedResponseError when `data` is not a list of objects.
 */
export function parsePlatforms(body: unknown): readonly Platform[] {
  return readList(readObject(body, ''), 'data', '').map((p, i) => readObject(p, join('data', i)));
}

/** Makini's error body `{code, type, message, request_id}` (also read when nested in `error`). */
export function parseErrorBody(body: unknown): { code?: string; message?: string; requestId?: string } {
  if (typeof body !== 'object' || body === null) return {};
  const root = body as JsonObject;
  const inner = typeof root.error === 'object' && root.error !== null ? (root.error as JsonObject) : root;
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  return {
    code: text(inner.code),
    message: text(inner.message),
    requestId: text(inner.request_id ?? root.request_id),
  };
}
