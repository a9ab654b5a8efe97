import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { capField } from './fieldLimits';

/** Bodies are kept in records up to this size: enough to read any real webhook. */
export const RECORDED_BODY_BYTES = 64 * 1024;

// Credentials a client might send along; a log is no place for them.
const MASKED_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key']);

// A random prefix per process and a counter: unique across restarts, and without the cost of
// fresh random bytes on every request (it showed in the receiver's profile under load).
const ID_PREFIX = randomBytes(9).toString('base64url');
let idCounter = 0;

/** `rcpt_`, 12 random URL-safe characters fixed for this process, and a counter. */
export function newReceiptId(): string {
  idCounter++;
  return `rcpt_${ID_PREFIX}${idCounter.toString(36).padStart(6, '0')}`;
}

/**
 * The request's headers for the record, with credentials masked, repeats joined, and each value
 * cut to the field limit (marked with `…`): a record keeps what a person needs to read, not
 * whatever a sender chose to send.
 */
export function recordedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const recorded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    recorded[capField(name)] = MASKED_HEADERS.has(name) ? '[masked]' : capField(text);
  }
  return recorded;
}

/**
 * The body for the record, cut to {@link RECORDED_BODY_BYTES}: as text, and in base64 as well
 * when the bytes are not valid UTF-8, so that nothing received is lost.
 */
export function recordedBody(body: Buffer | undefined): {
  body: string;
  bodyBase64?: string;
  bodyBytes: number;
  bodyTruncated: boolean;
} {
  if (!body) return { body: '', bodyBytes: 0, bodyTruncated: false };
  const truncated = body.length > RECORDED_BODY_BYTES;
  const kept = truncated ? body.subarray(0, RECORDED_BODY_BYTES) : body;
  const text = { body: kept.toString('utf8'), bodyBytes: body.length, bodyTruncated: truncated };
  // A cut can split a character: only a whole body's validity says whether UTF-8 holds it all.
  return isUtf8(kept) ? text : { ...text, bodyBase64: kept.toString('base64') };
}
