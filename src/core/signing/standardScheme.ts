import { createHmac } from 'node:crypto';
import { constantTimeEqual, failure, headerValue, parseUnixSeconds, requireSecrets } from './signatureScheme';
import { mismatch, SigningSecretError, unixSeconds, type SignatureScheme } from './signatureScheme';
import type { VerifyResult } from './signatureScheme';

/** The Standard Webhooks headers. */
export const STANDARD_ID_HEADER = 'webhook-id';
export const STANDARD_TIMESTAMP_HEADER = 'webhook-timestamp';
export const STANDARD_SIGNATURE_HEADER = 'webhook-signature';

/** The Standard Webhooks default tolerance: five minutes either way. */
export const STANDARD_TOLERANCE_SECONDS = 300;

export const STANDARD_SECRET_PREFIX = 'whsec_';
export const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The key bytes of a `whsec_<base64>` secret (the prefix is optional, as in the reference library).
 * @throws SigningSecretError when the rest is not base64 or is empty.
 */
export function standardSecretKey(secret: string): Buffer {
  const encoded = secret.startsWith(STANDARD_SECRET_PREFIX)
    ? secret.slice(STANDARD_SECRET_PREFIX.length)
    : secret;
  if (encoded === '' || !BASE64.test(encoded)) {
    throw new SigningSecretError(
      'invalid_secret',
      "A standard-webhooks secret is 'whsec_' followed by base64 (e.g. whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw).",
    );
  }
  return Buffer.from(encoded, 'base64');
}

/** Decoded keys of the few secrets in use: a receiver checks the same ones on every request. */
const keys = new Map<string, Buffer>();
const KEPT_KEYS = 16;

function keyOf(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = standardSecretKey(secret);
    if (keys.size >= KEPT_KEYS) keys.delete(keys.keys().next().value ?? '');
    keys.set(secret, key);
  }
  return key;
}

/** The Standard Webhooks signature of `body`: HMAC-SHA256 of `id.timestamp.body`. */
export function standardSignature(key: Buffer, id: string, timestamp: string, body: Buffer): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
}

/** The Standard Webhooks spec exactly: `webhook-signature: v1,<base64>` over `id.timestamp.body`. */
export const standardScheme: SignatureScheme = {
  name: 'standard',
  signatureHeader: 'webhook-signature',
  signsTimestamp: true,
  sign({ id, timestamp, body, secrets }) {
    requireSecrets(secrets, 'standard');
    const stamp = String(timestamp);
    return {
      'webhook-id': id,
      'webhook-timestamp': stamp,
      'webhook-signature': secrets
        .map((secret) => `v1,${standardSignature(keyOf(secret), id, stamp, body).toString('base64')}`)
        .join(' '),
    };
  },
  verify({ headers, body, secrets, toleranceSeconds = STANDARD_TOLERANCE_SECONDS, now }): VerifyResult {
    requireSecrets(secrets, 'standard');
    const secretKeys = secrets.map(keyOf);
    const id = headerValue(headers, 'webhook-id');
    const stamp = headerValue(headers, 'webhook-timestamp');
    const header = headerValue(headers, 'webhook-signature');
    const missing = [
      ['webhook-id', id],
      ['webhook-timestamp', stamp],
      ['webhook-signature', header],
    ].filter(([, value]) => value === undefined || value === '');
    if (missing.length > 0 || id === undefined || stamp === undefined || header === undefined) {
      return failure(
        'missing_header',
        `Missing ${missing.map(([name]) => name).join(', ')}: not a Standard Webhooks request.`,
      );
    }
    const timestamp = parseUnixSeconds(stamp);
    if (timestamp === undefined)
      return failure('malformed', `webhook-timestamp must be unix seconds, got '${stamp}'.`);
    const skew = Math.abs(unixSeconds(now ?? new Date()) - timestamp);
    if (skew > toleranceSeconds) {
      return failure(
        'timestamp_out_of_tolerance',
        `webhook-timestamp is ${skew}s away from now (tolerance ${toleranceSeconds}s).`,
      );
    }
    // Entries of other versions are skipped, as the spec asks, so future schemes can coexist.
    const given = header
      .split(' ')
      .map((entry) => entry.split(','))
      .filter(([version, value]) => version === 'v1' && value !== undefined && BASE64.test(value))
      .map(([, value]) => Buffer.from(value ?? '', 'base64'));
    if (given.length === 0) return failure('malformed', "webhook-signature has no 'v1,<base64>' entry.");
    for (const [index, key] of secretKeys.entries()) {
      const expected = standardSignature(key, id, stamp, body);
      if (given.some((candidate) => constantTimeEqual(candidate, expected))) {
        // The body is signed as received, inside `id.timestamp.body`.
        return {
          ok: true,
          secretIndex: index,
          timestamp,
          signedAs: { header: STANDARD_SIGNATURE_HEADER, encoding: 'base64', content: 'raw' },
        };
      }
    }
    return mismatch('webhook-signature', secrets.length);
  },
};
