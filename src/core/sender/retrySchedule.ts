import { TypedError } from '../errors';
/**
 * Makini's retry schedule, played by the sender: first retry 30 s after a failure, doubling each
 * time with jitter, for up to 24 hours (or a maximum number of attempts). A smaller base delay
 * compresses the whole schedule, window and Retry-After included, for local testing. A larger one
 * spaces the attempts out, but the window stays Makini's 24 hours: Makini never retries longer.
 */

export const MAKINI_FIRST_RETRY_MS = 30_000;
export const MAKINI_RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface RetryOptions {
  /** The first retry's delay; later ones double. Default 30 000 (Makini's). */
  readonly baseDelayMs?: number;
  /** Stop after this many attempts (the first included). Default: only the window limits. */
  readonly maxAttempts?: number;
  /** Each delay is scaled by a random factor in [1 - jitter, 1 + jitter]. Default 0.1. */
  readonly jitter?: number;
  /** Source of jitter, replaceable for reproducible tests. */
  readonly random?: () => number;
}

export interface RetryPolicy {
  readonly baseDelayMs: number;
  readonly maxAttempts: number;
  readonly jitter: number;
  /** How long after the first attempt retries may still start (24 h, or less when compressed). */
  readonly windowMs: number;
  /** Factor applied to Retry-After values: 1 on Makini's schedule, smaller when compressed. */
  readonly compression: number;
  readonly random: () => number;
}

/** Thrown when retry options are out of range. */
export class RetryOptionsError extends TypedError {
  override readonly name = 'RetryOptionsError';
  readonly code = 'invalid_retry_options';
}

/**
 * A complete policy from partial options.
 * @throws RetryOptionsError when the base delay is negative, attempts < 1 or jitter not in [0, 1).
 */
export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const baseDelayMs = options.baseDelayMs ?? MAKINI_FIRST_RETRY_MS;
  const maxAttempts = options.maxAttempts ?? Number.POSITIVE_INFINITY;
  const jitter = options.jitter ?? 0.1;
  if (!(baseDelayMs >= 0))
    throw new RetryOptionsError(`The retry base delay must be >= 0 ms, got ${baseDelayMs}.`);
  if (!(maxAttempts >= 1))
    throw new RetryOptionsError(`Max attempts must be at least 1, got ${maxAttempts}.`);
  if (!(jitter >= 0 && jitter < 1)) throw new RetryOptionsError(`Jitter must be in [0, 1), got ${jitter}.`);
  const compression = baseDelayMs / MAKINI_FIRST_RETRY_MS;
  return {
    baseDelayMs,
    maxAttempts,
    jitter,
    windowMs: MAKINI_RETRY_WINDOW_MS * Math.min(1, compression),
    compression,
    random: options.random ?? Math.random,
  };
}

/** The delay before retry number `retry` (1 for the first retry), jittered. */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  const factor = 1 + policy.jitter * (2 * policy.random() - 1);
  return Math.round(policy.baseDelayMs * 2 ** (retry - 1) * factor);
}

/**
 * Why no attempt follows a failure: 410 Gone, the attempts used up, the next backoff past the
 * window, or a Retry-After asking for a wait past what is left of the window.
 */
export type StopReason = 'gone' | 'max_attempts' | 'window_elapsed' | 'retry_after_beyond_window';

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number; readonly basis: 'backoff' | 'retry_after' }
  | {
      readonly retry: false;
      readonly reason: StopReason;
      /** With `retry_after_beyond_window`: the wait the server asked for, in ms, as it said it. */
      readonly retryAfterMs?: number;
    };

export interface FailedAttempt {
  /** The number of the attempt that failed (1 for the first). */
  readonly attempt: number;
  /** Time since the first attempt started. */
  readonly elapsedMs: number;
  readonly status?: number;
  /** Parsed Retry-After, honoured on 429 and 503 only. */
  readonly retryAfterMs?: number;
}

/**
 * Whether and when to retry after a failed attempt. A wait that would end past the window ends
 * the schedule instead, so no delay it returns is ever longer than the window.
 */
export function decideRetry(policy: RetryPolicy, failed: FailedAttempt): RetryDecision {
  if (failed.status === 410) return { retry: false, reason: 'gone' };
  if (failed.attempt >= policy.maxAttempts) return { retry: false, reason: 'max_attempts' };
  const retryAfterMs = failed.status === 429 || failed.status === 503 ? failed.retryAfterMs : undefined;
  const remainingMs = policy.windowMs - failed.elapsedMs;
  if (retryAfterMs !== undefined) {
    const delayMs = Math.round(retryAfterMs * policy.compression);
    if (delayMs > remainingMs) return { retry: false, reason: 'retry_after_beyond_window', retryAfterMs };
    return { retry: true, delayMs, basis: 'retry_after' };
  }
  const delayMs = backoffDelay(policy, failed.attempt);
  if (delayMs > remainingMs) return { retry: false, reason: 'window_elapsed' };
  return { retry: true, delayMs, basis: 'backoff' };
}
