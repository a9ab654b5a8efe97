import { MAX_TIMER_MS } from '../timing/abortableDelay';
import { ApiClientOptionsError } from './apiErrors';

/** The most answer bytes read for one request (and request bytes sent): 10 MiB. */
export const MAX_ANSWER_BYTES = 10 * 1024 * 1024;
/** How long one HTTP request may take from its start to its last byte: 60 s. */
export const DEFAULT_DEADLINE_MS = 60_000;

/** Bounds on one HTTP request, so that no answer can take unbounded memory or time. */
export interface RequestLimits {
  /** The most answer bytes read; the axios instance enforces it (`maxContentLength`). */
  readonly maxAnswerBytes: number;
  /** Each HTTP request is cut off this long after it starts, however its bytes trickle in. */
  readonly deadlineMs: number;
}

/**
 * The limits from client options, defaults filled in.
 * @throws ApiClientOptionsError for a deadline outside 1 ms..{@link MAX_TIMER_MS} (longer than
 * one timer holds) or an answer limit below 1 byte.
 */
export function resolveRequestLimits(options: Partial<RequestLimits>): RequestLimits {
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const maxAnswerBytes = options.maxAnswerBytes ?? MAX_ANSWER_BYTES;
  if (!(Number.isInteger(deadlineMs) && deadlineMs >= 1 && deadlineMs <= MAX_TIMER_MS)) {
    throw new ApiClientOptionsError(
      `The request deadline must be a whole number of ms from 1 to ${MAX_TIMER_MS}, got ${deadlineMs}.`,
    );
  }
  if (!(Number.isInteger(maxAnswerBytes) && maxAnswerBytes >= 1)) {
    throw new ApiClientOptionsError(
      `The answer size limit must be a whole number of bytes >= 1, got ${maxAnswerBytes}.`,
    );
  }
  return { deadlineMs, maxAnswerBytes };
}
