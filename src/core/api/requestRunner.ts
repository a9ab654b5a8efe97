import type { AxiosInstance, AxiosResponse } from 'axios';
import { lazyAxios } from './lazyAxios';
import { MakiniApiError } from './apiErrors';
import { parseErrorBody } from './parseModels';
import type { RequestLimits } from './requestLimits';
import { retryAfterMs } from '../net/retryAfter';
import { backoffDelayMs, type RetryPolicy } from './retryPolicy';

/** The methods Makini's documents use. */
export const API_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type ApiMethod = (typeof API_METHODS)[number];

/** One API request as the client describes it. */
export interface ApiRequest {
  readonly operation: string;
  readonly method: ApiMethod;
  /** Path and query relative to the base URL, e.g. `/api/system/connections?page=2`. */
  readonly path: string;
  readonly body?: unknown;
  readonly token?: string;
  /** Only requests that leave no trace when repeated are retried. */
  readonly safeToRepeat: boolean;
  readonly connectionId?: string;
  readonly signal?: AbortSignal;
}

/** A successful answer: its status, JSON body (still `unknown`; absent when empty) and request ID. */
export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly requestId?: string;
}

export interface RunnerDeps {
  readonly http: AxiosInstance;
  readonly policy: RetryPolicy;
  readonly limits: RequestLimits;
  readonly random: () => number;
  readonly now: () => number;
  /** Waits `ms`; resolves false when `signal` aborts first (as `abortableDelay` does). */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<boolean>;
}

/**
 * Sends a request, retrying what is safe to repeat on network errors, timeouts, missed deadlines,
 * 5xx and 429 with capped, jittered exponential backoff (or the server's `Retry-After`). An answer
 * over the size limit is never retried.
 * @throws MakiniApiError for the final failure, with status, Makini code, request ID and attempts;
 * `responseTooLarge` and `deadlineExceeded` name the URL and the limit, `retryAfterTooLong` the
 * wait asked for.
 */
export async function runRequest(deps: RunnerDeps, request: ApiRequest): Promise<ApiAnswer> {
  for (let attempt = 1; ; attempt++) {
    let response: AxiosResponse<string>;
    try {
      response = await send(deps, request);
    } catch (error) {
      const failure = transportFailure(deps, request, error, attempt);
      if (!failure.retriable || !request.safeToRepeat || attempt >= deps.policy.maxAttempts) throw failure;
      await wait(deps, request, backoffDelayMs(deps.policy, attempt, deps.random), attempt);
      continue;
    }
    if (response.status >= 200 && response.status < 300) {
      return {
        status: response.status,
        body: parseJson(request, response, attempt),
        requestId: header(response, 'x-request-id'),
      };
    }
    const failure = httpFailure(request, response, attempt);
    if (!failure.retriable || !request.safeToRepeat || attempt >= deps.policy.maxAttempts) throw failure;
    const waitMs = retryAfterMs(header(response, 'retry-after'), deps.now());
    if (waitMs !== undefined && waitMs > deps.policy.maxRetryAfterMs) {
      throw retryAfterTooLong(deps, failure, waitMs);
    }
    await wait(deps, request, waitMs ?? backoffDelayMs(deps.policy, attempt, deps.random), attempt);
  }
}

/** A server asking for a longer wait than the client grants ends the retries, saying so. */
function retryAfterTooLong(deps: RunnerDeps, failure: MakiniApiError, waitMs: number): MakiniApiError {
  const limit = deps.policy.maxRetryAfterMs;
  return new MakiniApiError(
    `${failure.message} (it asked to retry after ${seconds(waitMs)}, longer than this client waits: ${seconds(limit)}; try again later).`,
    { ...failure, code: 'retryAfterTooLong', limit, retryAfterMs: waitMs },
  );
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** Waits between attempts; an abort meanwhile ends the request as `aborted`. */
async function wait(deps: RunnerDeps, request: ApiRequest, ms: number, attempts: number): Promise<void> {
  let waited: boolean;
  try {
    waited = await deps.sleep(ms, request.signal);
  } catch (error) {
    throw transportFailure(deps, request, error, attempts);
  }
  if (!waited)
    throw transportFailure(deps, request, request.signal?.reason ?? new Error('aborted'), attempts);
}

/** Set on an error thrown by {@link send} when the request's deadline, not the caller, ended it. */
const deadlineHit = new WeakSet<object>();

async function send(deps: RunnerDeps, request: ApiRequest): Promise<AxiosResponse<string>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  // axios's `timeout` only notices a silent socket; this deadline also ends a slow trickle.
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort();
  }, deps.limits.deadlineMs);
  const follow = (): void => controller.abort();
  if (request.signal?.aborted) follow();
  request.signal?.addEventListener('abort', follow, { once: true });
  try {
    return await deps.http.request<string>({
      method: request.method,
      url: request.path,
      data: request.body === undefined ? undefined : JSON.stringify(request.body),
      headers,
      signal: controller.signal,
    });
  } catch (error) {
    if (expired && request.signal?.aborted !== true && typeof error === 'object' && error !== null) {
      deadlineHit.add(error);
    }
    throw error;
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', follow);
  }
}

function header(response: AxiosResponse, name: string): string | undefined {
  const value: unknown = response.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function endpointOf(request: ApiRequest): string {
  return `${request.method} ${request.path.split('?')[0] ?? request.path}`;
}

function parseJson(request: ApiRequest, response: AxiosResponse<string>, attempts: number): unknown {
  // A 204 (or any empty answer) has no body to parse; the parsers that need one say so.
  if (response.data === '') return undefined;
  try {
    return JSON.parse(response.data) as unknown;
  } catch (error) {
    throw new MakiniApiError(
      `${endpointOf(request)} answered ${response.status} with a body that is not JSON.`,
      {
        code: 'malformed',
        operation: request.operation,
        endpoint: endpointOf(request),
        status: response.status,
        requestId: header(response, 'x-request-id'),
        connectionId: request.connectionId,
        attempts,
        retriable: false,
        field: '(body)',
      },
      { cause: error },
    );
  }
}

function httpFailure(request: ApiRequest, response: AxiosResponse<string>, attempts: number): MakiniApiError {
  let body: unknown;
  try {
    body = JSON.parse(response.data);
  } catch {
    body = undefined;
  }
  const parsed = parseErrorBody(body);
  const status = response.status;
  const detail = parsed.message ?? (response.statusText || 'no message');
  return new MakiniApiError(`${endpointOf(request)} answered ${status}: ${detail}`, {
    code: 'http',
    operation: request.operation,
    endpoint: endpointOf(request),
    status,
    makiniCode: parsed.code,
    requestId: parsed.requestId ?? header(response, 'x-request-id'),
    connectionId: request.connectionId,
    attempts,
    retriable: status >= 500 || status === 429,
  });
}

function transportFailure(
  deps: RunnerDeps,
  request: ApiRequest,
  error: unknown,
  attempts: number,
): MakiniApiError {
  const code = transportCode(request, error);
  const url = urlOf(deps, request);
  const reason = lazyAxios().isAxiosError(error) ? (error.code ?? error.message) : String(error);
  const { maxAnswerBytes, deadlineMs } = deps.limits;
  const message: Record<TransportCode, string> = {
    aborted: `${endpointOf(request)} was cancelled.`,
    timeout: `${endpointOf(request)} got no answer in time.`,
    network: `${endpointOf(request)} could not reach Makini (${reason}).`,
    responseTooLarge: `${request.method} ${url} answered with more than ${mebibytes(maxAnswerBytes)} (${maxAnswerBytes} bytes), the most this client reads; the answer was dropped.`,
    deadlineExceeded: `${request.method} ${url} did not finish within ${deadlineMs} ms, the deadline for one request.`,
  };
  const limit =
    code === 'responseTooLarge' ? maxAnswerBytes : code === 'deadlineExceeded' ? deadlineMs : undefined;
  return new MakiniApiError(
    message[code],
    {
      code,
      operation: request.operation,
      endpoint: endpointOf(request),
      connectionId: request.connectionId,
      attempts,
      // An answer too large now will be as large again: trying it again only costs the same memory.
      retriable: code !== 'aborted' && code !== 'responseTooLarge',
      ...(limit === undefined ? {} : { url, limit }),
    },
    { cause: safeCause(error) },
  );
}

/**
 * The error to keep as `cause`. An axios error carries the request's config, the bearer token
 * among its headers: it is kept as its message, code and stack only.
 */
function safeCause(error: unknown): unknown {
  if (!lazyAxios().isAxiosError(error)) return error;
  const kept = new Error(error.message);
  kept.name = error.name;
  kept.stack = error.stack;
  return Object.assign(kept, { code: error.code });
}

type TransportCode = 'aborted' | 'timeout' | 'network' | 'responseTooLarge' | 'deadlineExceeded';

function transportCode(request: ApiRequest, error: unknown): TransportCode {
  const axios = lazyAxios();
  if (typeof error === 'object' && error !== null && deadlineHit.has(error)) return 'deadlineExceeded';
  if (request.signal?.aborted === true || axios.isCancel(error)) return 'aborted';
  if (!axios.isAxiosError(error)) return 'network';
  if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') return 'timeout';
  // axios ends a body past maxContentLength with ERR_BAD_RESPONSE and no response; its other
  // ERR_BAD_RESPONSE failures (a stream cut mid-way) carry the response they were reading.
  if (error.code === axios.AxiosError.ERR_BAD_RESPONSE && error.response === undefined) {
    return 'responseTooLarge';
  }
  return 'network';
}

/** The full URL of a request, without its query (which may be long, and tells nothing here). */
function urlOf(deps: RunnerDeps, request: ApiRequest): string {
  const base = deps.http.defaults.baseURL ?? '';
  return `${base}${request.path.split('?')[0] ?? request.path}`;
}

function mebibytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 100) / 100} MiB`;
}
