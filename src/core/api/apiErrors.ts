import { errorMessage, TypedError } from '../errors';

/**
 * Why an API call failed: an HTTP error answer, no answer (network, timeout), the caller's abort,
 * an answer that was not the shape Makini documents, an answer larger than the client accepts, a
 * request that did not finish within its deadline, or a `Retry-After` longer than the client
 * waits.
 */
export type ApiErrorCode =
  | 'http'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'malformed'
  | 'responseTooLarge'
  | 'deadlineExceeded'
  | 'retryAfterTooLong';

/** The fields of {@link MakiniApiError} that say what failed, in the order they are set. */
const DETAIL_FIELDS = [
  'code',
  'operation',
  'endpoint',
  'status',
  'makiniCode',
  'requestId',
  'connectionId',
  'attempts',
  'retriable',
  'field',
  'url',
  'limit',
  'retryAfterMs',
] as const;

/** What the client knows of a failed call; each field is documented on {@link MakiniApiError}. */
export type ApiErrorDetails = Pick<MakiniApiError, (typeof DETAIL_FIELDS)[number]>;

/** A failed Makini API call; check `code` (never the message) to tell failures apart. */
export class MakiniApiError extends TypedError<ApiErrorCode> {
  override readonly name = 'MakiniApiError';
  declare readonly code: ApiErrorCode;
  /** What the client was doing, e.g. `listConnections`. */
  declare readonly operation: string;
  /** Method and path, e.g. `GET /api/system/connections`. */
  declare readonly endpoint: string;
  declare readonly status?: number;
  /** Makini's own error code from the body, e.g. `RATE_LIMIT_EXCEEDED`. */
  declare readonly makiniCode?: string;
  /** From the error body's `request_id` or the `x-request-id` header: what support asks for. */
  declare readonly requestId?: string;
  declare readonly connectionId?: string;
  declare readonly attempts: number;
  /** Whether trying again later may work (the client already retried what it could). */
  declare readonly retriable: boolean;
  /** For `malformed`: the field that was wrong, e.g. `data[3].key`. */
  declare readonly field?: string;
  /** The full URL, for failures that name it (`responseTooLarge`, `deadlineExceeded`). */
  declare readonly url?: string;
  /**
   * The limit that was hit: bytes for `responseTooLarge`, milliseconds for `deadlineExceeded` and
   * `retryAfterTooLong`.
   */
  declare readonly limit?: number;
  /** For `retryAfterTooLong`: the wait the server asked for, in ms. */
  declare readonly retryAfterMs?: number;

  constructor(message: string, details: ApiErrorDetails, options?: ErrorOptions) {
    super(message, options);
    // Each field is set, if only to undefined, so that every error has the same shape.
    for (const field of DETAIL_FIELDS) Object.assign(this, { [field]: details[field] });
  }

  /** The same failure seen from a caller that knows more (the connection, the attempt count). */
  with(details: Partial<ApiErrorDetails>): MakiniApiError {
    return new MakiniApiError(this.message, { ...this, ...details }, { cause: this.cause });
  }
}

/** An answer that is not the shape Makini documents; `field` is where it went wrong. */
export class MalformedResponseError extends TypedError {
  override readonly name = 'MalformedResponseError';
  readonly code = 'malformed';
  constructor(
    readonly field: string,
    readonly expected: string,
  ) {
    super(`'${field}' should be ${expected}`);
  }
}

/** Client options out of range; the message says which and what is accepted. */
export class ApiClientOptionsError extends TypedError {
  override readonly name = 'ApiClientOptionsError';
  readonly code = 'invalid_client_options';
}

/** The system error code (`ENOTFOUND`, `ECONNREFUSED`…) under a network failure, if it has one. */
function systemCode(error: MakiniApiError): string | undefined {
  const cause: unknown = error.cause;
  if (typeof cause !== 'object' || cause === null || !('code' in cause)) return undefined;
  return typeof cause.code === 'string' ? cause.code : undefined;
}

function hostOf(apiUrl: string): string {
  try {
    return new URL(apiUrl).host;
  } catch {
    return apiUrl;
  }
}

/** Whether `error` says the API itself could not be reached (no answer at the network level). */
export function isUnreachable(error: unknown): boolean {
  return MakiniApiError.is(error) && error.code === 'network';
}

/**
 * Why a call found no usable answer, in a few words to follow "Could not reach Makini at URL: ":
 * the system error code, `HTTP 500 …`, or the message of anything else.
 */
export function failureReason(error: unknown): string {
  if (!MakiniApiError.is(error)) return errorMessage(error);
  if (error.code === 'network') return systemCode(error) ?? 'no answer';
  if (error.code === 'timeout' || error.code === 'deadlineExceeded') return 'no answer in time';
  if (error.code === 'http')
    return `HTTP ${error.status ?? '?'}${error.makiniCode ? ` ${error.makiniCode}` : ''}`;
  return error.message;
}

/**
 * What the developer reads when a call to the Makini API at `apiUrl` failed: what happened and
 * what to check, naming the host and the `makini.apiUrl` setting when the address is the problem,
 * the dashboard page of the client ID and secret when those were refused, and Makini's status
 * page only when the failure is on Makini's side.
 */
export function explainApiError(error: unknown, apiUrl: string): string {
  if (!MakiniApiError.is(error)) return errorMessage(error);
  const code = systemCode(error);
  const setting = `Check the setting makini.apiUrl (now ${apiUrl}).`;
  switch (error.code) {
    case 'network':
      if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
        return `The host ${hostOf(apiUrl)} was not found (${code}). ${setting}`;
      if (code === 'ECONNREFUSED') return `Nothing answers at ${apiUrl} (ECONNREFUSED). ${setting}`;
      return `Could not reach Makini at ${apiUrl} (${code ?? 'no answer'}). ${setting}`;
    case 'timeout':
    case 'deadlineExceeded':
      return `Makini at ${apiUrl} did not answer in time. Try again; if it persists, check Makini's status page.`;
    case 'http':
      return explainHttp(error, apiUrl);
    default:
      return error.message;
  }
}

function explainHttp(error: MakiniApiError, apiUrl: string): string {
  const status = error.status ?? 0;
  if (status === 401 || status === 403) {
    return `Makini refused the client ID and secret (HTTP ${status}). Check both in the Makini dashboard, Settings > Application Settings, for the account at ${apiUrl}.`;
  }
  if (status === 404)
    return `${apiUrl} has no Makini API (${error.endpoint} answered 404). Check the setting makini.apiUrl.`;
  if (status === 429) return `Makini is rate-limiting this client (HTTP 429). Wait a minute and try again.`;
  if (status >= 500)
    return `Makini answered HTTP ${status}: a problem on Makini's side. Try again later, or check Makini's status page.`;
  return error.message;
}
