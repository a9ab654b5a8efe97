import { createHmac } from 'node:crypto';
import { constantTimeEqual, failure, headerValue, parseUnixSeconds, requireSecrets } from './signatureScheme';
import { mismatch, SigningSecretError, type SignatureScheme, type VerifyResult } from './signatureScheme';

export const DEFAULT_MAKINI_SIGNATURE_HEADER = 'x-makini-signature';

export interface MakiniSchemeOptions {
  /** Makini does not publish its signature header's name, so it is configurable. */
  readonly signatureHeader?: string;
}

const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;

function hmac(secret: string, body: Buffer): Buffer {
  if (secret.length === 0)
    throw new SigningSecretError('invalid_secret', 'The makini scheme cannot sign with an empty secret.');
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest();
}

/**
 * Makini's published scheme: base64(HMAC-SHA256(secret as UTF-8, raw body)), plus headers naming
 * the event, its id and the attempt's timestamp. With several secrets (rotation, our own
 * extension) the header carries several signatures separated by spaces.
 */
export function createMakiniScheme(options: MakiniSchemeOptions = {}): SignatureScheme {
  const signatureHeader = (options.signatureHeader ?? DEFAULT_MAKINI_SIGNATURE_HEADER).toLowerCase();
  return {
    name: 'makini',
    signatureHeader,
    signsTimestamp: false,
    sign({ id, timestamp, body, secrets, type }) {
      requireSecrets(secrets, 'makini');
      return {
        [signatureHeader]: secrets.map((secret) => hmac(secret, body).toString('base64')).join(' '),
        ...(type === undefined ? {} : { 'x-makini-event': type }),
        'x-makini-event-id': id,
        'x-makini-timestamp': String(timestamp),
      };
    },
    verify({ headers, body, secrets }): VerifyResult {
      requireSecrets(secrets, 'makini');
      const header = headerValue(headers, signatureHeader);
      if (header === undefined || header.trim() === '') {
        return failure(
          'missing_header',
          `No ${signatureHeader} header: the request is not signed (or the header name differs).`,
        );
      }
      const candidates = header.split(/[\s,]+/).filter((s) => s !== '');
      const wellFormed = candidates.filter((s) => BASE64_SHA256.test(s)).map((s) => Buffer.from(s, 'base64'));
      if (wellFormed.length === 0) {
        return failure(
          'malformed',
          `${signatureHeader} is not a base64 HMAC-SHA256 (44 characters ending in '=').`,
        );
      }
      // The timestamp is not covered by the signature, so it is reported but never judged: a
      // replayer can drop or rewrite it, and a tolerance on it would only look like protection.
      const stamp = headerValue(headers, 'x-makini-timestamp');
      const timestamp = stamp === undefined ? undefined : parseUnixSeconds(stamp);
      if (stamp !== undefined && timestamp === undefined) {
        return failure('malformed', `x-makini-timestamp must be unix seconds, got '${stamp}'.`);
      }
      for (const [index, secret] of secrets.entries()) {
        const expected = hmac(secret, body);
        if (wellFormed.some((given) => constantTimeEqual(given, expected))) {
          return { ok: true, secretIndex: index, ...(timestamp === undefined ? {} : { timestamp }) };
        }
      }
      return mismatch(signatureHeader, secrets.length, ' over the raw body');
    },
  };
}

/** The makini scheme with the default header name. */
export const makiniScheme: SignatureScheme = createMakiniScheme();
