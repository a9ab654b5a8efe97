import { getScheme, type SchemeName, schemeSignsTimestamp } from '../signing/schemes';
import { SigningSecretError } from '../signing/signatureScheme';
import type { FailureSimulation } from './failureSimulation';
import type { SignatureEncoding } from '../contract/makiniContract';
import { CodedError } from '../errors';

/** What the receiver checks and how it answers; every field can change while it runs. */
export interface ReceiverSettings {
  /** Accepted signing secrets; several during a rotation. Empty: accept and mark unverified. */
  readonly secrets: readonly string[];
  readonly scheme: SchemeName;
  /** Overrides the scheme's signature header name. */
  readonly signatureHeader?: string;
  /**
   * How this product signs what it sends (the makini scheme); verifying accepts either encoding,
   * and the signature doctor suggests matching the sender's.
   */
  readonly encoding?: SignatureEncoding;
  /**
   * Secrets rotated out whose overlap has ended: never accepted, only tried by the signature
   * doctor, to say that a refused webhook was signed with one.
   */
  readonly retiredSecrets?: readonly string[];
  /**
   * How old a signed timestamp may be, in seconds. Only for a scheme that signs its timestamp
   * (standard); {@link checkSettings} refuses one for the makini scheme, which signs none.
   */
  readonly toleranceSeconds?: number;
  readonly simulation: FailureSimulation;
  /** The developer's app, to relay each webhook to. */
  readonly forwardTo?: string;
  readonly maxBodyBytes: number;
  /**
   * Host names a request may name besides loopback ones: the public URL's, since a tunnel such
   * as ngrok forwards the `Host` the sender used. Empty: only loopback names, against DNS rebinding.
   */
  readonly publicHosts?: readonly string[];
}

export const DEFAULT_RECEIVER_SETTINGS: ReceiverSettings = {
  secrets: [],
  scheme: 'makini',
  simulation: {},
  maxBodyBytes: 1024 * 1024,
};

/** Limits that are fixed for the life of a receiver (short in tests). */
export interface ReceiverTimeouts {
  /** The whole body must arrive within this; default 10 s. */
  readonly bodyTimeoutMs: number;
  /** Makini's deadline, granted to the app when forwarding; default 10 s. */
  readonly forwardTimeoutMs: number;
  /** How long an idle keep-alive connection is kept; default 5 s. */
  readonly keepAliveTimeoutMs: number;
  /** After an answer that closes the connection, how long the client may take to close it; default 1 s. */
  readonly lingerMs: number;
}

export const DEFAULT_RECEIVER_TIMEOUTS: ReceiverTimeouts = {
  bodyTimeoutMs: 10_000,
  forwardTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  lingerMs: 1_000,
};

export type ReceiverSettingsErrorCode =
  | 'invalidForwardUrl'
  | 'invalidStatus'
  | 'invalidLimit'
  | 'invalidSecret'
  | 'invalidTolerance'
  | 'toleranceNotSigned';

/** Settings that cannot be applied, with what is accepted instead. */
export class ReceiverSettingsError extends CodedError<ReceiverSettingsErrorCode> {
  override readonly name = 'ReceiverSettingsError';
}

/**
 * Checks settings before they are applied, so a running receiver never holds a bad value.
 * @throws ReceiverSettingsError naming the bad value and what is accepted.
 * @throws UnknownSchemeError when the scheme is not one of the signing module's.
 */
export function checkSettings(settings: ReceiverSettings): void {
  checkTolerance(settings);
  if (settings.secrets.length > 0) {
    // Signing once with every secret is the scheme's own test of whether it can use them.
    const scheme = getScheme(settings.scheme, { signatureHeader: settings.signatureHeader });
    try {
      scheme.sign({
        id: 'evt_settings_check',
        timestamp: 0,
        body: Buffer.alloc(0),
        secrets: settings.secrets,
      });
    } catch (error) {
      if (!SigningSecretError.is(error)) throw error;
      throw new ReceiverSettingsError('invalidSecret', `A signing secret is not usable: ${error.message}`, {
        cause: error,
      });
    }
  }
  if (settings.forwardTo !== undefined) {
    let url: URL | undefined;
    let cause: unknown;
    try {
      url = new URL(settings.forwardTo);
    } catch (error) {
      cause = error;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new ReceiverSettingsError(
        'invalidForwardUrl',
        `The forward target '${settings.forwardTo}' is not an http(s) URL; give one like http://localhost:3000/webhooks.`,
        cause === undefined ? undefined : { cause },
      );
    }
  }
  const status = settings.simulation.respondStatus;
  if (status !== undefined && (!Number.isInteger(status) || status < 100 || status > 599)) {
    throw new ReceiverSettingsError(
      'invalidStatus',
      `The status to answer must be from 100 to 599, got ${status}.`,
    );
  }
  if (!Number.isInteger(settings.maxBodyBytes) || settings.maxBodyBytes < 1) {
    throw new ReceiverSettingsError('invalidLimit', `The body limit must be a positive number of bytes.`);
  }
}

/** A tolerance is a whole number of seconds, and only for a scheme whose signature covers a timestamp. */
function checkTolerance(settings: ReceiverSettings): void {
  const tolerance = settings.toleranceSeconds;
  if (tolerance === undefined) return;
  if (!schemeSignsTimestamp(settings.scheme)) {
    throw new ReceiverSettingsError(
      'toleranceNotSigned',
      `A timestamp tolerance applies to the standard scheme only: the ${settings.scheme} scheme signs no timestamp, ` +
        'so anyone replaying a request could drop or change it. Remove the tolerance, or sign with the standard scheme.',
    );
  }
  if (!Number.isInteger(tolerance) || tolerance < 0) {
    throw new ReceiverSettingsError(
      'invalidTolerance',
      `The timestamp tolerance must be a whole number of seconds >= 0, got ${tolerance}.`,
    );
  }
}
