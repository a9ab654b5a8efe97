import { createHmac } from 'node:crypto';
import { SIGNATURE_ALGORITHM, type SignatureEncoding } from '../contract/makiniContract';

/** An HMAC-SHA256 is 32 bytes: 64 hex digits, or 44 base64 characters (43 without the `=`). */
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;
const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=?$/;

/** A signature read from a header value: its bytes and how they were written. */
export interface DecodedSignature {
  readonly bytes: Buffer;
  readonly encoding: SignatureEncoding;
}

/**
 * The SHA-256 HMAC a header value token holds, hex or base64; undefined when it is neither.
 * Hex is tried first: 64 hex digits are never a 32-byte base64 value, so the two cannot be confused.
 */
export function decodeSignature(token: string): DecodedSignature | undefined {
  if (HEX_SHA256.test(token)) return { bytes: Buffer.from(token, 'hex'), encoding: 'hex' };
  if (BASE64_SHA256.test(token)) return { bytes: Buffer.from(token, 'base64'), encoding: 'base64' };
  return undefined;
}

/** A token such as `sha256=<hex>` (GitHub's form) or `v1=<…>` names its algorithm or version first. */
const VERSION_PREFIX = /^(?:sha256|v\d+)=/i;

/**
 * The tokens of a header value: several signatures are separated by spaces or commas (which also
 * splits Standard Webhooks' `v1,<base64>`), each without a `sha256=` or `v1=` prefix.
 */
export function signatureTokens(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .filter((s) => s !== '')
    .map((s) => s.replace(VERSION_PREFIX, ''));
}

/** An HMAC written as Makini writes it. */
export function encodeSignature(bytes: Buffer, encoding: SignatureEncoding): string {
  return bytes.toString(encoding);
}

/** HMAC-SHA256 of `content` keyed with `key`'s bytes. */
export function hmacSha256(key: Buffer, content: Buffer): Buffer {
  return createHmac(SIGNATURE_ALGORITHM, key).update(content).digest();
}

/**
 * The body as every JavaScript sample of Makini's signs it: `JSON.stringify(JSON.parse(raw))`.
 * Undefined when the body is not JSON (then only the raw bytes can have been signed).
 */
export function reserialisedBody(body: Buffer): Buffer | undefined {
  try {
    return Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))), 'utf8');
  } catch {
    return undefined;
  }
}
