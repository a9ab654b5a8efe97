import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pageAnswer } from '../../src/core/sandbox/openapi/listQuery';

/**
 * A small stand-in for Makini's EAM API, until the sandbox serves `/api/eam`: the admin token
 * (`POST /link/token`), connection tokens, and the list and single-record paths of a few
 * collections in oas3_eam.json's page shape (`{data, links, meta}`), with request ids and FAQ-style
 * error bodies. It checks that EAM paths carry a connection's token and system paths the admin's.
 */
export interface EamStandIn {
  /** Its base URL, with a trailing slash. */
  readonly url: string;
  /** `METHOD /path?query token-kind` of every request, in order. */
  readonly requests: string[];
  /** Records by collection name (`work-orders`), changed by PUTs. */
  readonly records: Map<string, Record<string, unknown>[]>;
  /** Answers the next `count` requests to paths starting with `prefix` with `status`. */
  failNext(prefix: string, status: number, count?: number): void;
  close(): Promise<void>;
}

export const STAND_IN_CREDENTIALS = {
  clientId: 'makini-sandbox',
  clientSecret: 'sandbox-secret-not-for-production',
};

export const STAND_IN_CONNECTIONS = ['conn-1', 'conn-2'] as const;

/** Records per collection: `<prefix>-<n>`, work orders naming their site and asset. */
function seed(sizes: Readonly<Record<string, number>>): Map<string, Record<string, unknown>[]> {
  const records = new Map<string, Record<string, unknown>[]>();
  for (const [name, size] of Object.entries(sizes)) {
    const list = Array.from({ length: size }, (_, i) => {
      const n = i + 1;
      const base = {
        key: `${name}-${n}`,
        createdAt: '2025-01-01T00:00:00Z',
        updatedAt: '2025-01-02T00:00:00Z',
      };
      if (name === 'work-orders')
        return {
          ...base,
          title: `Work order ${n}`,
          status: 'Open',
          siteKey: 'sites-1',
          assetKey: 'assets-1',
        };
      return { ...base, name: `${name} ${n}` };
    });
    records.set(name, list);
  }
  return records;
}

export const DEFAULT_SIZES = { 'work-orders': 250, assets: 12, sites: 3, materials: 0 } as const;

export async function startEamStandIn(
  sizes: Readonly<Record<string, number>> = DEFAULT_SIZES,
): Promise<EamStandIn> {
  const records = seed(sizes);
  const requests: string[] = [];
  const tokens = new Map<string, string>(); // token -> 'admin' | 'connection:<key>'
  const failures: { prefix: string; status: number; left: number }[] = [];
  let base = '';

  const send = (res: http.ServerResponse, id: string, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': id });
    res.end(JSON.stringify(body));
  };
  const problem = (
    res: http.ServerResponse,
    id: string,
    status: number,
    code: string,
    message: string,
  ): void =>
    send(res, id, status, { error: { code, type: 'invalid_request_error', message, request_id: id } });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = `req_${randomUUID()}`;
      const url = new URL(req.url ?? '/', 'http://stand-in.invalid');
      const subject = tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, '')) ?? 'none';
      requests.push(`${req.method ?? 'GET'} ${url.pathname}${url.search} ${subject}`);
      const failure = failures.find((f) => url.pathname.startsWith(f.prefix) && f.left > 0);
      if (failure) {
        failure.left -= 1;
        return problem(res, id, failure.status, 'INTERNAL_ERROR', 'Injected by the stand-in.');
      }
      const text = Buffer.concat(chunks).toString('utf8');
      const body: unknown = text === '' ? {} : JSON.parse(text);
      route(req.method ?? 'GET', url, subject, body, res, id);
    });
  });

  function route(
    method: string,
    url: URL,
    subject: string,
    body: unknown,
    res: http.ServerResponse,
    id: string,
  ): void {
    const path = url.pathname;
    if (method === 'POST' && path === '/link/token') {
      const fields = body as Record<string, unknown>;
      if (
        fields.client_id !== STAND_IN_CREDENTIALS.clientId ||
        fields.client_secret !== STAND_IN_CREDENTIALS.clientSecret
      )
        return problem(res, id, 401, 'AUTHENTICATION_FAILED', 'Invalid client credentials.');
      const token = randomUUID();
      tokens.set(token, 'admin');
      return send(res, id, 200, { access_token: token, token_type: 'bearer', expires_in: 3600 });
    }
    if (path.startsWith('/api/system/')) {
      if (subject !== 'admin') return problem(res, id, 401, 'AUTHENTICATION_FAILED', 'Send the admin token.');
      const tokenPath = /^\/api\/system\/connections\/([^/]+)\/token$/.exec(path);
      if (method === 'POST' && tokenPath?.[1]) {
        const key = decodeURIComponent(tokenPath[1]);
        if (!(STAND_IN_CONNECTIONS as readonly string[]).includes(key))
          return problem(res, id, 404, 'NOT_FOUND', `No connection with id '${key}'.`);
        const token = randomUUID();
        tokens.set(token, `connection:${key}`);
        return send(res, id, 200, { data: { token, expires_in: 300 } });
      }
      if (method === 'GET' && path === '/api/system/connections') {
        const data = STAND_IN_CONNECTIONS.map((key) => ({ key, name: key, status: 'Active', tags: [] }));
        return send(res, id, 200, paged(url, data));
      }
      return problem(res, id, 404, 'NOT_FOUND', `No endpoint ${method} ${path}.`);
    }
    const eam = /^\/api\/eam\/([^/]+)(?:\/([^/]+))?$/.exec(path);
    if (!eam?.[1]) return problem(res, id, 404, 'NOT_FOUND', `No endpoint ${method} ${path}.`);
    if (!subject.startsWith('connection:'))
      return problem(res, id, 401, 'AUTHENTICATION_FAILED', "Send a connection's token.");
    const list = records.get(eam[1]);
    if (!list) return problem(res, id, 404, 'NOT_FOUND', `No endpoint ${method} ${path}.`);
    if (eam[2] === undefined && method === 'GET') return send(res, id, 200, paged(url, list));
    const key = decodeURIComponent(eam[2] ?? '');
    const index = list.findIndex((r) => r.key === key);
    if (index < 0) return problem(res, id, 404, 'NOT_FOUND', `No record with key '${key}'.`);
    if (method === 'GET') return send(res, id, 200, { data: list[index] });
    if (method === 'PUT') {
      list[index] = { ...list[index], ...(body as Record<string, unknown>), key };
      return send(res, id, 200, { data: list[index] });
    }
    return problem(res, id, 405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${path}.`);
  }

  function paged(url: URL, items: readonly unknown[]): unknown {
    const perPage = Number(url.searchParams.get('per_page') ?? 15);
    const page = Number(url.searchParams.get('page') ?? 1);
    const start = (page - 1) * perPage;
    return pageAnswer(base, url, { page, perPage }, items.length, items.slice(start, start + perPage));
  }

  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/`,
    requests,
    records,
    failNext: (prefix, status, count = 1) => failures.push({ prefix, status, left: count }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
