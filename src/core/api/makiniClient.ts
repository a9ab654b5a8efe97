import type { AxiosInstance } from 'axios';
import { lazyAxios } from './lazyAxios';
import * as http from 'node:http';
import * as https from 'node:https';
import { USER_AGENT } from '../version';
import { abortableDelay } from '../timing/abortableDelay';
import { MakiniApiError, MalformedResponseError } from './apiErrors';
import type { Connection, ConnectionPage, Integration, IssuedToken, Platform } from './models';
import {
  parseAdminToken,
  parseConnectionPage,
  parseConnectionToken,
  parseIntegration,
  parsePlatforms,
} from './parseModels';
import { resolveRequestLimits } from './requestLimits';
import { runRequest, type ApiAnswer, type ApiRequest, type RunnerDeps } from './requestRunner';
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

const ADMIN = 'admin';
const MAX_PAGES = 100_000;

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
    let path: string | undefined = `/api/system/connections?page=1&per_page=${perPage}`;
    for (let count = 0; path !== undefined && count < MAX_PAGES; count++) {
      const request: ApiRequest = {
        operation: 'listConnections',
        method: 'GET',
        path,
        safeToRepeat: true,
        signal: options.signal,
      };
      const answer = await this.asAdmin(request);
      const page = this.parse(request, answer, parseConnectionPage);
      yield page;
      path = page.next
        ? this.samePath(page.next)
        : page.currentPage < page.lastPage
          ? nextPagePath(path, page)
          : undefined;
    }
  }

  /**
   * A connection's integration status, read with its own token (issued and cached as needed).
   * @throws MakiniApiError carrying the connection ID.
   */
  async getIntegration(connectionId: string, options: CallOptions = {}): Promise<Integration> {
    const key = `connection:${connectionId}`;
    const issue = async (): Promise<IssuedToken> => {
      const path = `/api/system/connections/${encodeURIComponent(connectionId)}/token`;
      // Issuing a token leaves nothing behind but a token, so it is safe to repeat.
      const request: ApiRequest = {
        operation: 'issueConnectionToken',
        method: 'POST',
        path,
        body: {},
        safeToRepeat: true,
        connectionId,
        signal: options.signal,
      };
      return this.parse(request, await this.asAdmin(request), parseConnectionToken);
    };
    const request = {
      operation: 'getIntegration',
      method: 'GET',
      path: '/api/integrations/current',
      safeToRepeat: true,
      connectionId,
      signal: options.signal,
    } as const;
    const answer = await this.withToken(key, issue, request);
    return this.parse(request, answer, parseIntegration);
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
    try {
      return parser(answer.body);
    } catch (error) {
      if (!MalformedResponseError.is(error)) throw error;
      const endpoint = `${request.method} ${request.path.split('?')[0] ?? ''}`;
      throw new MakiniApiError(
        `${endpoint} answered in an unexpected shape: ${error.message}.`,
        {
          code: 'malformed',
          operation: request.operation,
          endpoint,
          status: 200,
          requestId: answer.requestId,
          connectionId: request.connectionId,
          attempts: 1,
          retriable: false,
          field: error.field,
        },
        { cause: error },
      );
    }
  }

  private samePath(link: string): string {
    const url = new URL(link, `${this.baseUrl}/`);
    return `${url.pathname}${url.search}`;
  }
}

function nextPagePath(path: string, page: ConnectionPage): string {
  const url = new URL(path, 'http://base.invalid');
  url.searchParams.set('page', String(page.currentPage + 1));
  return `${url.pathname}${url.search}`;
}
