import type { IncomingHttpHeaders } from 'node:http';
import { getScheme } from '../signing/schemes';
import { type SignatureScheme, SigningSecretError } from '../signing/signatureScheme';
import type { ReceiverSettings } from './receiverSettings';

export type SignatureCheck =
  | { readonly verified: true }
  | {
      readonly verified: false;
      /** The status to refuse with (401, or 500 for a receiver misconfiguration); absent: accept. */
      readonly rejectStatus?: number;
      readonly reason: string;
      readonly message: string;
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

/**
 * Checks the signature over the exact raw bytes with every configured secret. The message says
 * what was wrong and what to check, never what the signature should have been.
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
    if (result.ok) return { verified: true };
    return {
      verified: false,
      rejectStatus: 401,
      reason: result.reason,
      message: `${result.message} ${HINTS[result.reason]}`,
    };
  } catch (error) {
    if (!SigningSecretError.is(error)) throw error;
    return { verified: false, rejectStatus: 500, reason: error.code, message: error.message };
  }
}

const HINTS: Record<string, string> = {
  missing_header: 'Check the sender signs with the same scheme (and header name) as this receiver.',
  malformed: 'Check the sender signs with the same scheme as this receiver.',
  mismatch: 'Check the secret matches the one the sender uses, and that nothing changed the body on the way.',
  timestamp_out_of_tolerance:
    'Check both clocks, or that this is not an old request replayed; raise the tolerance if needed.',
};
