import { timingSafeEqual } from 'node:crypto';
import type { SignatureEncoding, SignedContent } from '../contract/makiniContract';
import { CodedError } from '../errors';
import { countOf } from '../text/plural';

/** Header values as node:http gives them (lower-case names), or as a caller writes them. */
export type HeaderValues = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface SignInput {
  /** The event id (stable across retries). */
  readonly id: string;
  /** Unix seconds of this attempt; each retry is signed afresh. */
  readonly timestamp: number;
  /** The exact bytes sent: signatures cover these, never a re-serialisation. */
  readonly body: Buffer;
  /** One signature is produced per secret (rotation: old and new both verify). */
  readonly secrets: readonly string[];
  /** The event type, for schemes that announce it in a header. */
  readonly type?: string;
}

export interface VerifyInput {
  readonly headers: HeaderValues;
  readonly body: Buffer;
  /** Any of these may have signed the request. */
  readonly secrets: readonly string[];
  /**
   * Maximum distance between the signed timestamp and `now`; each scheme has its default. Only a
   * scheme that {@link SignatureScheme.signsTimestamp signs its timestamp} applies it: an unsigned
   * timestamp can be dropped or rewritten by whoever replays the request.
   */
  readonly toleranceSeconds?: number;
  readonly now?: Date;
}

export type VerifyFailureReason =
  'missing_header' | 'malformed' | 'malformed_signature' | 'mismatch' | 'timestamp_out_of_tolerance';

/** Which documented variant a verified signature used: where it was, how written, over what. */
export interface SignedAs {
  /** The header it was read from (lower case). */
  readonly header: string;
  readonly encoding: SignatureEncoding;
  /** `raw`: the exact bytes; `json`: `JSON.stringify(JSON.parse(raw))`. */
  readonly content: SignedContent;
  /** Read from the header this product used before Makini's was known. */
  readonly deprecated?: true;
}

export type VerifyResult =
  | {
      readonly ok: true;
      /** Which of the given secrets matched. */
      readonly secretIndex: number;
      /** The signed timestamp (unix seconds), when the scheme carries one. */
      readonly timestamp?: number;
      /** The variant that matched. */
      readonly signedAs: SignedAs;
    }
  | { readonly ok: false; readonly reason: VerifyFailureReason; readonly message: string };

/** A way of signing webhooks: adding one is one file implementing this and one entry in schemes.ts. */
export interface SignatureScheme {
  readonly name: string;
  /** The header carrying the signature (for messages and docs). */
  readonly signatureHeader: string;
  /**
   * Whether the signature covers the request's timestamp, so that a timestamp tolerance protects
   * against replays. Settings refuse a tolerance for a scheme that does not.
   */
  readonly signsTimestamp: boolean;
  /**
   * The headers to send with `body`.
   * @throws SigningSecretError when no secret is given or one is not usable by this scheme.
   */
  sign(input: SignInput): Record<string, string>;
  /**
   * Checks a received request. Never throws for a bad request: the result says what was wrong.
   * @throws SigningSecretError when a configured secret is not usable by this scheme.
   */
  verify(input: VerifyInput): VerifyResult;
}

export type SigningSecretErrorCode = 'no_secret' | 'invalid_secret';

/** A signing secret is missing or unusable (a configuration problem, not a bad request). */
export class SigningSecretError extends CodedError<SigningSecretErrorCode> {
  override readonly name = 'SigningSecretError';
}

/** The value of header `name`, looked up case-insensitively; repeated headers are joined by spaces. */
export function headerValue(headers: HeaderValues, name: string): string | undefined {
  const lower = name.toLowerCase();
  let value = headers[lower];
  if (value === undefined) {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === lower);
    value = key === undefined ? undefined : headers[key];
  }
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.join(' ');
}

/** Equal-length buffers compared in constant time; different lengths are simply unequal. */
export function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A failed verification. */
export function failure(reason: VerifyFailureReason, message: string): VerifyResult {
  return { ok: false, reason, message };
}

/**
 * A signature in `header` that none of `count` secrets made; `over` says what was signed
 * (` over the raw body`), if the message should.
 */
export function mismatch(header: string, count: number, over = ''): VerifyResult {
  const none = count === 1 ? 'does not match the secret' : `matches none of the ${countOf(count, 'secret')}`;
  return failure('mismatch', `${header} ${none}${over}.`);
}

/** Unix seconds of `date`. */
export function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** Parses a unix-seconds header value; undefined when it is not a plain whole number. */
export function parseUnixSeconds(value: string): number | undefined {
  return /^\d{1,12}$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

/** Throws unless at least one secret is given. */
export function requireSecrets(secrets: readonly string[], scheme: string): void {
  if (secrets.length === 0) {
    throw new SigningSecretError('no_secret', `The ${scheme} scheme needs a signing secret; none was given.`);
  }
}
