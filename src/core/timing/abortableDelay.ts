/**
 * The longest delay one Node timer holds (2^31 - 1 ms, about 24.8 days). Node fires a timer set
 * for longer after 1 ms instead, so a long wait is a chain of timers no longer than this.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Waits `ms` milliseconds unless `signal` aborts first. Resolves true when the wait ran its
 * course, false when it was cancelled; the pending timer is cleared either way. Waits longer than
 * one timer holds are chained from timers of at most `maxChunkMs` (tests pass a small one), each
 * measured against a monotonic clock, so the whole wait is never cut short.
 * @throws RangeError for a negative or NaN `ms`, or a `maxChunkMs` outside 1..{@link MAX_TIMER_MS}.
 */
export function abortableDelay(
  ms: number,
  signal?: AbortSignal,
  maxChunkMs = MAX_TIMER_MS,
): Promise<boolean> {
  if (!(ms >= 0)) throw new RangeError(`A delay must be >= 0 ms, got ${ms}.`);
  if (!(maxChunkMs >= 1 && maxChunkMs <= MAX_TIMER_MS)) {
    throw new RangeError(`A timer chunk must be from 1 to ${MAX_TIMER_MS} ms, got ${maxChunkMs}.`);
  }
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const end = performance.now() + ms;
    let timer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const next = (): void => {
      const remaining = end - performance.now();
      if (remaining <= 0) {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
        return;
      }
      timer = setTimeout(next, Math.min(Math.ceil(remaining), maxChunkMs));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    next();
  });
}
