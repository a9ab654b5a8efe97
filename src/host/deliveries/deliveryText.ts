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

/** One line for the log and the tree: result, duration and what happens next. */
export function describeAttempt(attempt: AttemptRecord): string {
  const next =
    attempt.outcome === 'retry' && attempt.nextRetryMs !== undefined
      ? `; retry in ${formatMs(attempt.nextRetryMs)}${attempt.nextRetryBasis === 'retry_after' ? ' (Retry-After)' : ''}`
      : attempt.outcome === 'failed'
        ? `; gave up${attempt.stopReason ? ` (${attempt.stopReason})` : ''}`
        : '';
  return `attempt ${attempt.number}: ${attemptResult(attempt)} in ${formatMs(attempt.durationMs)}${next}`;
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
