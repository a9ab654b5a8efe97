import type { AttemptRecord } from './deliveryRecord';

/** Quotes `value` for a POSIX shell: single quotes, with embedded ones closed and escaped. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * A `curl` command line that repeats `attempt`'s request: same URL, headers and body, no
 * redirects followed. The timestamp and signature are the recorded ones, so a receiver with a
 * replay window accepts it only within that window. Redacted header values stay redacted.
 */
export function toCurl(attempt: Pick<AttemptRecord, 'request'>): string {
  const { request } = attempt;
  const parts = ['curl', '--silent', '--show-error', '--include', '--request', 'POST'];
  if (request.insecure) parts.push('--insecure');
  parts.push('--max-time', String(Math.max(1, Math.ceil(request.timeoutMs / 1000))));
  for (const [name, value] of Object.entries(request.headers)) {
    if (name === 'content-length') continue; // curl computes it from --data-binary.
    parts.push('--header', shellQuote(`${name}: ${value}`));
  }
  parts.push('--data-binary', shellQuote(request.body), shellQuote(request.url));
  return parts.join(' ');
}
