import type { CheckAnswer } from './checkReport';

/** Answer headers by which an endpoint can say "seen this one before". */
const DUPLICATE_HEADERS = ['x-makini-duplicate', 'idempotent-replayed', 'x-duplicate'];

function truthy(value: string | readonly string[] | undefined): boolean {
  const text = typeof value === 'string' ? value : value?.join(',');
  return text !== undefined && /^(true|1|yes)$/i.test(text.trim());
}

/**
 * True when an answer marks its request as a duplicate: one of {@link DUPLICATE_HEADERS} set to
 * true, or a JSON body with `"duplicate": true`. Only a hint: an endpoint need not say so.
 */
export function duplicateSignal(answer: CheckAnswer | undefined): boolean {
  if (!answer) return false;
  if (DUPLICATE_HEADERS.some((name) => truthy(answer.headers[name]))) return true;
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.bodyHead);
  } catch {
    return false;
  }
  return typeof parsed === 'object' && parsed !== null && 'duplicate' in parsed && parsed.duplicate === true;
}
