import type { AxiosInstance, AxiosResponse } from 'axios';
import { lazyAxios } from './lazyAxios';
import { MakiniApiError, type ApiErrorCode } from './apiErrors';
import { parseErrorBody } from './parseModels';
import { backoffDelayMs, retryAfterMs, type RetryPolicy } from './retryPolicy';

/** One API request as the client describes it. */
export interface ApiRequest {
  readonly operation: string;
  readonly method: 'GET' | 'POST';
  /** Path and query relative to the base URL, e.g. `/api/system/connections?page=2`. */
  readonly path: string;
  readonly body?: unknown;
  readonly token?: string;
  /** Only requests that leave no trace when repeated are retried. */
  readonly safeToRepeat: boolean;
  readonly connectionId?: string;
  readonly signal?: AbortSignal;
}

/** A successful answer: its JSON body (still `unknown`) and request ID. */
export interface ApiAnswer {
  readonly body: unknown;
  readonly requestId?: string;
}

export interface RunnerDeps {
  readonly http: AxiosInstance;
  readonly policy: RetryPolicy;
  readonly random: () => number;
  readonly now: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Sends a request, retrying what is safe to repeat on network errors, timeouts, 5xx and 429
 * with capped, jittered exponential backoff (or the server's `Retry-After`).
 * @throws MakiniApiError for the final failure, with status, Makini code, request ID and attempts.
 */
export async function runRequest(deps: RunnerDeps, request: ApiRequest): Promise<ApiAnswer> {
  for (let attempt = 1; ; attempt++) {
    let response: AxiosResponse<string>;
    try {
      response = await send(deps.http, request);
    } catch (error) {
      const failure = transportFailure(request, error, attempt);
      if (!failure.retriable || !request.safeToRepeat || attempt >= deps.policy.maxAttempts) throw failure;
      await wait(deps, request, backoffDelayMs(deps.policy, attempt, deps.random), attempt);
      continue;
    }
    if (response.status >= 200 && response.status < 300) {
      return { body: parseJson(request, response, attempt), requestId: header(response, 'x-request-id') };
    }
    const failure = httpFailure(request, response, attempt);
    const waitMs = retryAfterMs(header(response, 'retry-after'), deps.now());
    const last = attempt >= deps.policy.maxAttempts;
    if (!failure.retriable || !request.safeToRepeat || last || (waitMs ?? 0) > deps.policy.maxRetryAfterMs) {
      throw failure;
    }
    await wait(deps, request, waitMs ?? backoffDelayMs(deps.policy, attempt, deps.random), attempt);
  }
}

/** Waits between attempts; an abort meanwhile ends the request as `aborted`. */
async function wait(deps: RunnerDeps, request: ApiRequest, ms: number, attempts: number): Promise<void> {
  try {
    await deps.sleep(ms, request.signal);
  } catch (error) {
    throw transportFailure(request, error, attempts);
  }
}

function send(http: AxiosInstance, request: ApiRequest): Promise<AxiosResponse<string>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  return http.request<string>({
    method: request.method,
    url: request.path,
    data: request.body === undefined ? undefined : JSON.stringify(request.body),
    headers,
    signal: request.signal,
  });
}

function header(response: AxiosResponse, name: string): string | undefined {
  const value: unknown = response.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function endpointOf(request: ApiRequest): string {
  return `${request.method} ${request.path.split('?')[0] ?? request.path}`;
}

function parseJson(request: ApiRequest, response: AxiosResponse<string>, attempts: number): unknown {
  try {
    return JSON.parse(response.data) as unknown;
  } catch {
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

function transportFailure(request: ApiRequest, error: unknown, attempts: number): MakiniApiError {
  const axios = lazyAxios();
  const aborted = request.signal?.aborted === true || axios.isCancel(error);
  const timedOut = axios.isAxiosError(error) && (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT');
  const code: ApiErrorCode = aborted ? 'aborted' : timedOut ? 'timeout' : 'network';
  const reason = axios.isAxiosError(error) ? (error.code ?? error.message) : String(error);
  const message = {
    aborted: `${endpointOf(request)} was cancelled.`,
    timeout: `${endpointOf(request)} got no answer in time.`,
    network: `${endpointOf(request)} could not reach Makini (${reason}).`,
    http: '',
    malformed: '',
  }[code];
  return new MakiniApiError(message, {
    code,
    operation: request.operation,
    endpoint: endpointOf(request),
    connectionId: request.connectionId,
    attempts,
    retriable: code !== 'aborted',
  });
}
