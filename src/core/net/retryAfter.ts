/**
 * A `Retry-After` header in milliseconds from `nowMs`: delay-seconds (a fraction is read as
 * such, not as a date) or an HTTP date; `undefined` when absent or unreadable. Absurd values are
 * kept (capped at the largest safe integer) so that a caller can see they exceed what it waits.
 */
export function retryAfterMs(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, Number.MAX_SAFE_INTEGER);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
