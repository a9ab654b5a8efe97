import type { EnvelopeName } from '../contract/makiniContract';
import type { AttemptError } from './attemptError';
import type { StopReason } from './retrySchedule';

// Plain JSON records of what the sender did, for the delivery log, HAR export and the editor.
// They never hold signing secrets; header values that commonly carry credentials are redacted.

export type DeliveryStatus = 'delivering' | 'delivered' | 'failed' | 'cancelled';

/** What happened after an attempt. */
export type AttemptOutcome = 'delivered' | 'retry' | 'failed' | 'cancelled';

export interface AttemptRequest {
  readonly method: 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The exact body sent (UTF-8 JSON), identical on every attempt of a delivery. */
  readonly body: string;
  /**
   * The same bytes in base64, present only when they are not valid UTF-8 (a replayed receipt's);
   * then `body` is a lossy reading of them. Read the bytes with {@link attemptBodyBytes}.
   */
  readonly bodyBase64?: string;
  /** Certificate checks were skipped. */
  readonly insecure: boolean;
  readonly timeoutMs: number;
}

/** The bytes an attempt sent, exactly. */
export function attemptBodyBytes(request: Pick<AttemptRequest, 'body' | 'bodyBase64'>): Buffer {
  return request.bodyBase64 !== undefined
    ? Buffer.from(request.bodyBase64, 'base64')
    : Buffer.from(request.body, 'utf8');
}

export interface AttemptResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  /** The body as UTF-8, cut at {@link RESPONSE_BODY_CAP} bytes. */
  readonly body: string;
  /** The full size received. */
  readonly bodyBytes: number;
  readonly truncated: boolean;
}

export interface AttemptRecord {
  readonly deliveryId: string;
  readonly eventId: string;
  /** 1 for the first attempt. */
  readonly number: number;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly durationMs: number;
  readonly request: AttemptRequest;
  readonly response?: AttemptResponse;
  readonly error?: AttemptError;
  readonly outcome: AttemptOutcome;
  /** When the outcome is `retry`: the wait, what set it, and when the next attempt is due. */
  readonly nextRetryMs?: number;
  readonly nextRetryBasis?: 'backoff' | 'retry_after';
  readonly nextRetryAt?: string;
  /** Why no further attempt follows a failure. */
  readonly stopReason?: StopReason;
  /**
   * With `retry_after_beyond_window`: the wait the endpoint's Retry-After asked for, in ms, which
   * would have ended past what was left of the retry window.
   */
  readonly retryAfterMs?: number;
}

export interface DeliveryRecord {
  /** `dlv_…`: one per delivery (each duplicate is its own delivery of the same event). */
  readonly id: string;
  readonly eventId: string;
  readonly eventType: string;
  /** Absent for an `ids`-envelope event sent for no particular connection. */
  readonly connectionId?: string;
  /** The envelope it was sent in (absent on records written before envelopes were told apart). */
  readonly envelope?: EnvelopeName;
  readonly url: string;
  readonly scheme: string;
  /** 1-based position among duplicates, and how many were asked for. */
  readonly duplicate: { readonly index: number; readonly of: number };
  /** The variant it was sent as (`valid`, `bad-signature`…), when one was asked for. */
  readonly variant?: string;
  readonly status: DeliveryStatus;
  readonly createdAt: string;
  readonly finishedAt?: string;
  readonly attempts: readonly AttemptRecord[];
}

/** Response bodies are kept up to 64 KiB. */
export const RESPONSE_BODY_CAP = 64 * 1024;

const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'api-key']);

export const REDACTED = '[redacted]';

/** Headers as recorded: lower-case names, credential-bearing values replaced. */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name.toLowerCase(),
      SENSITIVE_HEADERS.has(name.toLowerCase()) ? REDACTED : value,
    ]),
  );
}
