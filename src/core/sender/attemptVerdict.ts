import { retryAfterMs } from '../net/retryAfter';
import type { AttemptRecord, AttemptResponse, DeliveryStatus } from './deliveryRecord';
import { decideRetry, type RetryPolicy } from './retrySchedule';

/** What an attempt record says before it is judged. */
export type AttemptFacts = Omit<
  AttemptRecord,
  'outcome' | 'nextRetryMs' | 'nextRetryBasis' | 'nextRetryAt' | 'stopReason' | 'retryAfterMs'
>;

/**
 * An attempt's record and where it leaves the delivery: delivered on 2xx, cancelled when the
 * delivery was, otherwise retried or failed as the schedule decides (`elapsedMs` since the first
 * attempt started).
 */
export function judgeAttempt(
  policy: RetryPolicy,
  facts: AttemptFacts,
  elapsedMs: number,
  aborted: boolean,
): { entry: AttemptRecord; status: DeliveryStatus } {
  const { response, error } = facts;
  if (response && response.status >= 200 && response.status < 300) {
    return { entry: { ...facts, outcome: 'delivered' }, status: 'delivered' };
  }
  if (aborted || error?.kind === 'cancelled') {
    return { entry: { ...facts, outcome: 'cancelled' }, status: 'cancelled' };
  }
  const entry: AttemptRecord = { ...facts, ...afterFailure(policy, facts.number, elapsedMs, response) };
  return { entry, status: entry.outcome === 'retry' ? 'delivering' : 'failed' };
}

/** The schedule's verdict on a failed attempt, as the fields of its record. */
function afterFailure(
  policy: RetryPolicy,
  attempt: number,
  elapsedMs: number,
  response: AttemptResponse | undefined,
): Pick<
  AttemptRecord,
  'outcome' | 'nextRetryMs' | 'nextRetryBasis' | 'nextRetryAt' | 'stopReason' | 'retryAfterMs'
> {
  const retryAfter = response?.headers['retry-after'];
  const askedMs = typeof retryAfter === 'string' ? retryAfterMs(retryAfter, Date.now()) : undefined;
  const decision = decideRetry(policy, {
    attempt,
    elapsedMs,
    ...(response ? { status: response.status } : {}),
    ...(askedMs === undefined ? {} : { retryAfterMs: askedMs }),
  });
  if (decision.retry) {
    return {
      outcome: 'retry',
      nextRetryMs: decision.delayMs,
      nextRetryBasis: decision.basis,
      nextRetryAt: new Date(Date.now() + decision.delayMs).toISOString(),
    };
  }
  return {
    outcome: 'failed',
    stopReason: decision.reason,
    ...(decision.retryAfterMs === undefined ? {} : { retryAfterMs: decision.retryAfterMs }),
  };
}
