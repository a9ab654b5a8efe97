import type { AxiosInstance } from 'axios';
import { lazyAxios } from './lazyAxios';
import * as http from 'node:http';
import * as https from 'node:https';
import { USER_AGENT } from '../version';
import { abortableDelay } from '../timing/abortableDelay';
import { authForPath, type ApiAuth } from './apiAuth';
import { ApiClientOptionsError, MakiniApiError } from './apiErrors';
import { parseAnswer } from './parseAnswer';
import { type EamCollection, eamCollection, eamListPath } from './eamCollections';
import { followPages } from './pagePaths';
import type { EamPage, EamRecordOf } from './eamModels';
import type { Connection, ConnectionPage, Integration, IssuedToken, Platform } from './models';
import { parseEamPage, parseEamSingle } from './parseEam';
import {
  parseAdminToken,
  parseConnectionPage,
  parseConnectionToken,
  parseIntegration,
  parsePlatforms,
} from './parseModels';
import { resolveRequestLimits } from './requestLimits';
import {
  runRequest,
  type ApiAnswer,
  type ApiMethod,
  type ApiRequest,
  type RunnerDeps,
} from './requestRunner';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retryPolicy';
import { TokenCache } from './tokenCache';

export const DEFAULT_BASE_URL = 'https://api.makini.io';

export interface MakiniClientOptions {
  /** Default `https://api.makini.io`; the sandbox's URL for local work. */
  readonly baseUrl?: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** How long a socket may stay silent, per attempt; default 15 s. */
  readonly timeoutMs?: number;
  /** The whole of one attempt, however its bytes trickle in; default 60 s (`DEFAULT_DEADLINE_MS`). */
  readonly deadlineMs?: number;
  /** The largest answer (and request body) accepted; default 10 MiB (`MAX_ANSWER_BYTES`). */
  readonly maxAnswerBytes?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Page size when listing; default 100. */
  readonly perPage?: number;
  /** Renew tokens this long before they expire; default 60 s. */
  readonly tokenSkewMs?: number;
  readonly now?: () => number;
  readonly random?: () => number;
  /** Replaces the wait between retries (tests record the delays instead of waiting them). */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<boolean>;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}

/** Which page of a collection to read, and the query parameters to add (`filter`, `sort`). */
export interface EamPageOptions extends CallOptions {
  readonly page?: number;
  /** Sent only to the paths that declare `per_page`; default the client's `perPage`. */
  readonly perPage?: number;
  readonly query?: readonly (readonly [string, string])[];
}

/** Any call, for tools that speak the API directly (the CLI's `api`): path and query, body, auth. */
export interface RawCall extends CallOptions {
  readonly method: ApiMethod;
  /** Path and query, e.g. `/api/eam/work-orders?page=2`. */
  readonly path: string;
  readonly body?: unknown;
  /** Default: as {@link authForPath} says for the path. */
  readonly auth?: ApiAuth;
  /** The connection whose token is sent, for `auth: 'connection'`. */
  readonly connectionId?: string;
}

const ADMIN = 'admin';

/**
 * Makini's system API over axios: admin token by client credentials, connection tokens, paged
 * listing, integration status. Every answer is parsed into typed models; every failure is a
 * {@link MakiniApiError}. Call `dispose()` to close kept-alive sockets.
 */
export class MakiniClient {
  readonly baseUrl: string;
  private readonly http: AxiosInstance;
  private readonly runner: RunnerDeps;
  private readonly tokens: TokenCache;
  private readonly agents: { http: http.Agent; https: https.Agent };

  /** @throws ApiClientOptionsError when the deadline or the answer limit is out of range. */
  constructor(private readonly options: MakiniClientOptions) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    const now = options.now ?? Date.now;
    const limits = resolveRequestLimits(options);
    this.agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
    this.http = lazyAxios().create({
      baseURL: this.baseUrl,
      timeout: options.timeoutMs ?? 15_000,
      // Plain identity bodies and the http adapter named outright: axios's decompression and
      // adapter probing cost more per request than parsing a listing page (bench/api). The size
      // limits cost one comparison per chunk, and keep an endless answer from filling memory.
      adapter: 'http',
      decompress: false,
      headers: { 'user-agent': USER_AGENT, 'accept-encoding': 'identity' },
      maxContentLength: limits.maxAnswerBytes,
      maxBodyLength: limits.maxAnswerBytes,
      httpAgent: this.agents.http,
      httpsAgent: this.agents.https,
      responseType: 'text',
      // Bodies stay text here: they are parsed once, into `unknown`, by the runner.
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
      proxy: false,
    });
    this.runner = {
      http: this.http,
      policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      limits,
      random: options.random ?? Math.random,
      now,
      sleep: options.sleep ?? abortableDelay,
    };
    this.tokens = new TokenCache(now, options.tokenSkewMs ?? 60_000);
  }

  /**
   * Every connection, following the page links to the end.
   * @throws MakiniApiError when a page cannot be read.
   */
  async listConnections(options: CallOptions = {}): Promise<Connection[]> {
    const all: Connection[] = [];
    for await (const page of this.connectionPages(options)) all.push(...page.connections);
    return all;
  }

  /**
   * The connection pages one by one. Next links are followed on this client's base URL only, so
   * the admin token is never sent to another host.
   * @throws MakiniApiError when a page cannot be read.
   */
  async *connectionPages(options: CallOptions = {}): AsyncGenerator<ConnectionPage> {
    const perPage = this.options.perPage ?? 100;
    const read = (path: string): Promise<ConnectionPage> => {
      const request: ApiRequest = {
        operation: 'listConnections',
        method: 'GET',
        path,
        safeToRepeat: true,
        signal: options.signal,
      };
      return this.asAdmin(request).then((answer) => this.parse(request, answer, parseConnectionPage));
    };
    yield* followPages(`/api/system/connections?page=1&per_page=${perPage}`, read, (l) => this.samePath(l));
  }

  /**
   * A connection's integration status, read with its own token (issued and cached as needed).
   * @throws MakiniApiError carrying the connection ID.
   */
  async getIntegration(connectionId: string, options: CallOptions = {}): Promise<Integration> {
    const request = {
      operation: 'getIntegration',
      method: 'GET',
      path: '/api/integrations/current',
      safeToRepeat: true,
      connectionId,
      signal: options.signal,
    } as const;
    return this.parse(request, await this.asConnection(connectionId, request), parseIntegration);
  }

  /**
   * One page of an EAM collection (`work-orders`, or its webhook name `work_orders`), read with
   * the connection's token.
   * @throws ApiClientOptionsError for a collection oas3_eam.json does not list; MakiniApiError.
   */
  async eamPage<N extends string>(
    connectionId: string,
    collection: N,
    options: EamPageOptions = {},
  ): Promise<EamPage<EamRecordOf<N>>> {
    const found = eamCollection(collection);
    return this.readEamPage(connectionId, found, this.eamPath(found, options), options.signal);
  }

  /**
   * The pages of an EAM collection one by one, following the page links on this client's base URL.
   * @throws ApiClientOptionsError for an unknown collection; MakiniApiError when a page cannot be read.
   */
  async *eamPages<N extends string>(
    connectionId: string,
    collection: N,
    options: EamPageOptions = {},
  ): AsyncGenerator<EamPage<EamRecordOf<N>>> {
    const found = eamCollection(collection);
    const read = (path: string): Promise<EamPage<EamRecordOf<N>>> =>
      this.readEamPage(connectionId, found, path, options.signal);
    yield* followPages(this.eamPath(found, options), read, (l) => this.samePath(l));
  }

  /**
   * How many records a collection holds (its first page's `meta.total`, or its length when the
   * answer has no total and one page).
   * @throws ApiClientOptionsError for an unknown collection; MakiniApiError.
   */
  async eamCount(connectionId: string, collection: string, options: CallOptions = {}): Promise<number> {
    const page = await this.eamPage(connectionId, collection, { ...options, perPage: 1 });
    if (page.total !== undefined) return page.total;
    let total = 0;
    for await (const each of this.eamPages(connectionId, collection, options)) total += each.records.length;
    return total;
  }

  /**
   * One record by key (`GET /api/eam/work-orders/{key}`).
   * @throws ApiClientOptionsError for an unknown collection; MakiniApiError (404 for no such key).
   */
  async eamRecord<N extends string>(
    connectionId: string,
    collection: N,
    key: string,
    options: CallOptions = {},
  ): Promise<EamRecordOf<N>> {
    const found = eamCollection(collection);
    const request: ApiRequest = {
      operation: `get ${found.name}`,
      method: 'GET',
      path: `${found.path}/${encodeURIComponent(key)}`,
      safeToRepeat: true,
      connectionId,
      signal: options.signal,
    };
    const answer = await this.asConnection(connectionId, request);
    return this.parse(request, answer, (body) => parseEamSingle(body, found.name) as EamRecordOf<N>);
  }

  /**
   * Any call, with the token its path takes (see {@link authForPath}); reads are retried as the
   * system API's are, writes are sent once. The answer's body is `unknown`, unparsed.
   * @throws MakiniApiError for an HTTP error or no answer; ApiClientOptionsError for a
   * connection path without `connectionId`.
   */
  async call(call: RawCall): Promise<ApiAnswer> {
    const auth = call.auth ?? authForPath(call.path);
    const request: ApiRequest = {
      operation: `${call.method} ${call.path.split('?')[0] ?? ''}`,
      method: call.method,
      path: call.path,
      body: call.body,
      safeToRepeat: call.method === 'GET',
      connectionId: call.connectionId,
      signal: call.signal,
    };
    if (auth === 'none') return runRequest(this.runner, request);
    if (auth === 'admin') return this.asAdmin(request);
    if (call.connectionId === undefined) {
      throw new ApiClientOptionsError(
        `${request.operation} takes a connection's token: name the connection (its key).`,
      );
    }
    return this.asConnection(call.connectionId, request);
  }

  /**
   * The platforms (first page) Makini connects to.
   * @throws MakiniApiError.
   */
  async listPlatforms(options: CallOptions = {}): Promise<readonly Platform[]> {
    const request: ApiRequest = {
      operation: 'listPlatforms',
      method: 'GET',
      path: '/api/system/platforms',
      safeToRepeat: true,
      signal: options.signal,
    };
    return this.parse(request, await this.asAdmin(request), parsePlatforms);
  }

  /** Forgets every cached token (after the credentials change). */
  forgetTokens(): void {
    this.tokens.clear();
  }

  /** Closes the kept-alive sockets. */
  dispose(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private asAdmin(request: ApiRequest): Promise<ApiAnswer> {
    return this.withToken(ADMIN, () => this.issueAdminToken(request.signal), request);
  }

  /** Sends with the connection's token, issued by `POST /api/system/connections/{id}/token` and cached. */
  private asConnection(connectionId: string, request: ApiRequest): Promise<ApiAnswer> {
    const issue = async (): Promise<IssuedToken> => {
      const path = `/api/system/connections/${encodeURIComponent(connectionId)}/token`;
      // Issuing a token leaves nothing behind but a token, so it is safe to repeat.
      const tokenRequest: ApiRequest = {
        operation: 'issueConnectionToken',
        method: 'POST',
        path,
        body: {},
        safeToRepeat: true,
        connectionId,
        signal: request.signal,
      };
      return this.parse(tokenRequest, await this.asAdmin(tokenRequest), parseConnectionToken);
    };
    return this.withToken(`connection:${connectionId}`, issue, request);
  }

  private eamPath(collection: EamCollection, options: EamPageOptions): string {
    return eamListPath(collection, { ...options, perPage: options.perPage ?? this.options.perPage ?? 100 });
  }

  private async readEamPage<N extends string>(
    connectionId: string,
    collection: EamCollection,
    path: string,
    signal?: AbortSignal,
  ): Promise<EamPage<EamRecordOf<N>>> {
    const request: ApiRequest = {
      operation: `list ${collection.name}`,
      method: 'GET',
      path,
      safeToRepeat: true,
      connectionId,
      signal,
    };
    const answer = await this.asConnection(connectionId, request);
    return this.parse(
      request,
      answer,
      (body) => parseEamPage(body, collection.name) as EamPage<EamRecordOf<N>>,
    );
  }

  /** Sends with the cached token; after a 401, once more with a fresh one. */
  private async withToken(
    key: string,
    issue: () => Promise<IssuedToken>,
    request: ApiRequest,
  ): Promise<ApiAnswer> {
    const token = await this.tokens.get(key, issue);
    try {
      return await runRequest(this.runner, { ...request, token });
    } catch (error) {
      if (!MakiniApiError.is(error) || error.status !== 401) throw error;
      this.tokens.invalidate(key, token);
      const fresh = await this.tokens.get(key, issue);
      try {
        return await runRequest(this.runner, { ...request, token: fresh });
      } catch (retryError) {
        if (MakiniApiError.is(retryError))
          throw retryError.with({ attempts: error.attempts + retryError.attempts });
        throw retryError;
      }
    }
  }

  private async issueAdminToken(signal?: AbortSignal): Promise<IssuedToken> {
    const body = {
      grant_type: 'client_credentials',
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
    };
    const request: ApiRequest = {
      operation: 'getAdminToken',
      method: 'POST',
      path: '/link/token',
      body,
      safeToRepeat: true,
      signal,
    };
    return this.parse(request, await runRequest(this.runner, request), parseAdminToken);
  }

  private parse<T>(request: ApiRequest, answer: ApiAnswer, parser: (body: unknown) => T): T {
    return parseAnswer(request, answer, parser);
  }

  private samePath(link: string): string {
    const url = new URL(link, `${this.baseUrl}/`);
    return `${url.pathname}${url.search}`;
  }
}
