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
