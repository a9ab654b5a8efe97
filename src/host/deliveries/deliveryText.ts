import { stopReasonText } from '../views/reasonText';
import type { AttemptRecord, DeliveryRecord } from '../../core/sender/deliveryRecord';

/** `1.2 s` or `340 ms`. */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** `500 Internal Server Error` or the attempt's error kind. */
export function attemptResult(attempt: AttemptRecord): string {
  if (attempt.response)
    return `${attempt.response.status}${attempt.response.statusText ? ` ${attempt.response.statusText}` : ''}`;
  return attempt.error?.kind ?? 'no answer';
}

/**
 * What followed an attempt, in words: `next retry in 2.0 s` while it is the delivery's pending
 * one, `retried after 2.0 s` once a later attempt was made, `gave up: <why>` for the last.
 */
export function attemptNext(attempt: AttemptRecord, pending: boolean): string {
  if (attempt.outcome === 'retry' && attempt.nextRetryMs !== undefined) {
    const basis = attempt.nextRetryBasis === 'retry_after' ? ' (from Retry-After)' : '';
    return `${pending ? 'next retry in' : 'retried after'} ${formatMs(attempt.nextRetryMs)}${basis}`;
  }
  if (attempt.outcome === 'failed')
    return attempt.stopReason ? `gave up: ${stopReasonText(attempt.stopReason)}` : 'gave up';
  return '';
}

/** One line for the log, written as the attempt ends: result, duration and what happens next. */
export function describeAttempt(attempt: AttemptRecord): string {
  const next = attemptNext(attempt, true);
  return `attempt ${attempt.number}: ${attemptResult(attempt)} in ${formatMs(attempt.durationMs)}${next ? `; ${next}` : ''}`;
}

/** Whether `attempt` is the one whose retry the delivery still waits for. */
export function isPendingAttempt(record: DeliveryRecord, attempt: AttemptRecord): boolean {
  return record.status === 'delivering' && record.attempts.at(-1)?.number === attempt.number;
}

/** Wall time from the first attempt's start to the end of the last one. */
export function totalMs(record: DeliveryRecord): number {
  const first = record.attempts[0];
  const last = record.attempts.at(-1);
  if (!first || !last) return 0;
  return Date.parse(last.startedAt) + last.durationMs - Date.parse(first.startedAt);
}

/** `host:port/path` of the target, short enough for a tree description. */
export function shortTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return url;
  }
}
