import {
  DEFAULT_SIGNATURE_ENCODING,
  DEPRECATED_SIGNATURE_HEADER,
  EVENT_HEADER,
  EVENT_ID_HEADER,
  SIGNATURE_HEADER,
  type SignatureEncoding,
  type SignedContent,
  TIMESTAMP_HEADER,
} from '../contract/makiniContract';
import { constantTimeEqual, failure, headerValue, parseUnixSeconds, requireSecrets } from './signatureScheme';
import { mismatch, SigningSecretError, type SignatureScheme, type VerifyResult } from './signatureScheme';
import type { SignedAs } from './signatureScheme';
import {
  type DecodedSignature,
  decodeSignature,
  encodeSignature,
  hmacSha256,
  reserialisedBody,
  signatureTokens,
} from './signatureValues';

export interface MakiniSchemeOptions {
  /** The header to send and read the signature in; Makini's documented one by default. */
  readonly signatureHeader?: string;
  /** How signatures are written when sending; verifying accepts every documented encoding. */
  readonly encoding?: SignatureEncoding;
}

/** The HMAC key: the secret's UTF-8 bytes, as Makini keys it. */
function keyOf(secret: string): Buffer {
  if (secret.length === 0)
    throw new SigningSecretError('invalid_secret', 'The makini scheme cannot sign with an empty secret.');
  return Buffer.from(secret, 'utf8');
}

/** The header a signature is read from: the configured one, else (for the default) the deprecated one. */
function readSignatureHeader(
  headers: Parameters<SignatureScheme['verify']>[0]['headers'],
  signatureHeader: string,
): { header: string; value: string; deprecated: boolean } | undefined {
  const value = headerValue(headers, signatureHeader);
  if (value !== undefined && value.trim() !== '')
    return { header: signatureHeader, value, deprecated: false };
  // Only when the documented header is expected: a header set by hand is the only one meant.
  if (signatureHeader !== SIGNATURE_HEADER) return undefined;
  const old = headerValue(headers, DEPRECATED_SIGNATURE_HEADER);
  if (old === undefined || old.trim() === '') return undefined;
  return { header: DEPRECATED_SIGNATURE_HEADER, value: old, deprecated: true };
}

/**
 * The first secret and content whose HMAC is one of the given signatures: the raw bytes first,
 * then `JSON.stringify(JSON.parse(raw))`, made only when the raw bytes matched nothing.
 */
function findMatch(
  keys: readonly Buffer[],
  given: readonly DecodedSignature[],
  body: Buffer,
): { secretIndex: number; encoding: SignatureEncoding; content: SignedContent } | undefined {
  const contents: [SignedContent, () => Buffer | undefined][] = [
    ['raw', () => body],
    ['json', () => reserialisedBody(body)],
  ];
  for (const [content, bytesOf] of contents) {
    const bytes = bytesOf();
    if (bytes === undefined) continue;
    for (const [secretIndex, key] of keys.entries()) {
      const expected = hmacSha256(key, bytes);
      const match = given.find((g) => constantTimeEqual(g.bytes, expected));
      if (match !== undefined) return { secretIndex, encoding: match.encoding, content };
    }
  }
  return undefined;
}

/**
 * Makini's scheme: HMAC-SHA256 keyed with the secret's UTF-8 bytes, in `x-webhook-signature`.
 * It is sent over the exact bytes, base64 unless told hex. Makini's documents disagree on how it
 * is written and over what, so verifying accepts every documented variant (base64 or hex, over the
 * raw bytes or over `JSON.stringify(JSON.parse(raw))`) and says which one matched. With several
 * secrets (rotation) the header carries several signatures separated by spaces.
 */
export function createMakiniScheme(options: MakiniSchemeOptions = {}): SignatureScheme {
  const signatureHeader = (options.signatureHeader ?? SIGNATURE_HEADER).toLowerCase();
  const encoding = options.encoding ?? DEFAULT_SIGNATURE_ENCODING;
  return {
    name: 'makini',
    signatureHeader,
    signsTimestamp: false,
    sign({ id, timestamp, body, secrets, type }) {
      requireSecrets(secrets, 'makini');
      return {
        [signatureHeader]: secrets
          .map((secret) => encodeSignature(hmacSha256(keyOf(secret), body), encoding))
          .join(' '),
        ...(type === undefined ? {} : { [EVENT_HEADER]: type }),
        [EVENT_ID_HEADER]: id,
        [TIMESTAMP_HEADER]: String(timestamp),
      };
    },
    verify({ headers, body, secrets }): VerifyResult {
      requireSecrets(secrets, 'makini');
      const keys = secrets.map(keyOf);
      const read = readSignatureHeader(headers, signatureHeader);
      if (read === undefined) {
        return failure(
          'missing_header',
          `No ${signatureHeader} header: the request is not signed (or the header name differs).`,
        );
      }
      const given = signatureTokens(read.value).flatMap((t) => decodeSignature(t) ?? []);
      if (given.length === 0) {
        return failure(
          'malformed_signature',
          `${read.header} is neither a base64 nor a hex HMAC-SHA256 (44 base64 characters or 64 hex digits).`,
        );
      }
      // The timestamp is not covered by the signature, so it is reported but never judged: a
      // replayer can drop or rewrite it, and a tolerance on it would only look like protection.
      const stamp = headerValue(headers, TIMESTAMP_HEADER);
      const timestamp = stamp === undefined ? undefined : parseUnixSeconds(stamp);
      if (stamp !== undefined && timestamp === undefined) {
        return failure('malformed', `${TIMESTAMP_HEADER} must be unix seconds, got '${stamp}'.`);
      }
      const found = findMatch(keys, given, body);
      if (found !== undefined) {
        const signedAs: SignedAs = {
          header: read.header,
          encoding: found.encoding,
          content: found.content,
          ...(read.deprecated ? { deprecated: true as const } : {}),
        };
        return {
          ok: true,
          secretIndex: found.secretIndex,
          signedAs,
          ...(timestamp === undefined ? {} : { timestamp }),
        };
      }
      return mismatch(read.header, secrets.length, ', in base64 or hex, over the raw body or its JSON');
    },
  };
}

/** The makini scheme with Makini's header and the default encoding. */
export const makiniScheme: SignatureScheme = createMakiniScheme();
