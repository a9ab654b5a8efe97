import type { IncomingHttpHeaders } from 'node:http';
import { getScheme } from '../signing/schemes';
import { diagnoseSignature, type SignatureDiagnosis } from '../signing/signatureDoctor';
import {
  type SignatureScheme,
  type SignedAs,
  SigningSecretError,
  type VerifyFailureReason,
} from '../signing/signatureScheme';
import type { ReceiverSettings } from './receiverSettings';

export type SignatureCheck =
  | { readonly verified: true; readonly signedAs: SignedAs }
  | {
      readonly verified: false;
      /** The status to refuse with (401, or 500 for a receiver misconfiguration); absent: accept. */
      readonly rejectStatus?: number;
      readonly reason: string;
      readonly message: string;
      /** For a signature that did not verify: what did make it, or that nothing did. */
      readonly diagnosis?: SignatureDiagnosis;
    };

// Settings objects are replaced, never mutated, so each one's scheme is built once.
const schemes = new WeakMap<ReceiverSettings, SignatureScheme>();

/** The scheme the settings name, with their signature header. */
export function schemeFor(settings: ReceiverSettings): SignatureScheme {
  let scheme = schemes.get(settings);
  if (!scheme) {
    scheme = getScheme(settings.scheme, { signatureHeader: settings.signatureHeader });
    schemes.set(settings, scheme);
  }
  return scheme;
}

/** The failures the doctor can explain: the signature's, not the clock's. */
const DIAGNOSED: ReadonlySet<VerifyFailureReason> = new Set([
  'missing_header',
  'malformed',
  'malformed_signature',
  'mismatch',
]);

/**
 * Checks the signature over the exact raw bytes with every configured secret. The message says
 * what was wrong and what to check, never what the signature should have been; only after a
 * failure, the doctor's diagnosis (for the receipt, not the answer) says what made it.
 */
export function checkSignature(
  settings: ReceiverSettings,
  headers: IncomingHttpHeaders,
  body: Buffer,
): SignatureCheck {
  if (settings.secrets.length === 0) {
    return {
      verified: false,
      reason: 'no_secret',
      message:
        'No signing secret is configured, so the signature was not checked: set one to verify webhooks.',
    };
  }
  try {
    const scheme = schemeFor(settings);
    // A tolerance reaches only a scheme whose signature covers the timestamp it judges.
    const tolerance = scheme.signsTimestamp ? settings.toleranceSeconds : undefined;
    const result = scheme.verify({
      headers,
      body,
      secrets: settings.secrets,
      ...(tolerance === undefined ? {} : { toleranceSeconds: tolerance }),
    });
    if (result.ok) return { verified: true, signedAs: result.signedAs };
    const diagnosis = DIAGNOSED.has(result.reason)
      ? diagnoseSignature({
          scheme: settings.scheme,
          signatureHeader: settings.signatureHeader,
          encoding: settings.encoding,
          secrets: settings.secrets,
          retiredSecrets: settings.retiredSecrets,
          headers,
          body,
        })
      : undefined;
    return {
      verified: false,
      rejectStatus: 401,
      reason: result.reason,
      message: `${result.message} ${HINTS[result.reason]}`,
      ...(diagnosis ? { diagnosis } : {}),
    };
  } catch (error) {
    if (!SigningSecretError.is(error)) throw error;
    return { verified: false, rejectStatus: 500, reason: error.code, message: error.message };
  }
}

const HINTS: Record<VerifyFailureReason, string> = {
  missing_header: 'Check the sender signs with the same scheme (and header name) as this receiver.',
  malformed: 'Check the sender signs with the same scheme as this receiver.',
  malformed_signature: 'Check the sender writes the HMAC-SHA256 in base64 or hex.',
  mismatch: 'Check the secret matches the one the sender uses, and that nothing changed the body on the way.',
  timestamp_out_of_tolerance:
    'Check both clocks, or that this is not an old request replayed; raise the tolerance if needed.',
};
