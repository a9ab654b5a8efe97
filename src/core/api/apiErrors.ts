import { TypedError } from '../errors';

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

/** What the client knows of a failed call; each field is documented on {@link MakiniApiError}. */
export type ApiErrorDetails = Pick<
  MakiniApiError,
  | 'code'
  | 'operation'
  | 'endpoint'
  | 'status'
  | 'makiniCode'
  | 'requestId'
  | 'connectionId'
  | 'attempts'
  | 'retriable'
  | 'field'
  | 'url'
  | 'limit'
  | 'retryAfterMs'
>;

/** A failed Makini API call; check `code` (never the message) to tell failures apart. */
export class MakiniApiError extends TypedError<ApiErrorCode> {
  override readonly name = 'MakiniApiError';
  readonly code: ApiErrorCode;
  /** What the client was doing, e.g. `listConnections`. */
  readonly operation: string;
  /** Method and path, e.g. `GET /api/system/connections`. */
  readonly endpoint: string;
  readonly status?: number;
  /** Makini's own error code from the body, e.g. `RATE_LIMIT_EXCEEDED`. */
  readonly makiniCode?: string;
  /** From the error body's `request_id` or the `x-request-id` header: what support asks for. */
  readonly requestId?: string;
  readonly connectionId?: string;
  readonly attempts: number;
  /** Whether trying again later may work (the client already retried what it could). */
  readonly retriable: boolean;
  /** For `malformed`: the field that was wrong, e.g. `data[3].key`. */
  readonly field?: string;
  /** The full URL, for failures that name it (`responseTooLarge`, `deadlineExceeded`). */
  readonly url?: string;
  /**
   * The limit that was hit: bytes for `responseTooLarge`, milliseconds for `deadlineExceeded` and
   * `retryAfterTooLong`.
   */
  readonly limit?: number;
  /** For `retryAfterTooLong`: the wait the server asked for, in ms. */
  readonly retryAfterMs?: number;

  constructor(message: string, details: ApiErrorDetails, options?: ErrorOptions) {
    super(message, options);
    this.code = details.code;
    this.operation = details.operation;
    this.endpoint = details.endpoint;
    this.status = details.status;
    this.makiniCode = details.makiniCode;
    this.requestId = details.requestId;
    this.connectionId = details.connectionId;
    this.attempts = details.attempts;
    this.retriable = details.retriable;
    this.field = details.field;
    this.url = details.url;
    this.limit = details.limit;
    this.retryAfterMs = details.retryAfterMs;
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
