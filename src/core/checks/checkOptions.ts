import type { SignatureEncoding } from '../contract/makiniContract';
import { getScheme, isSchemeName, SCHEME_NAMES, type SchemeName } from '../signing/schemes';
import { requireSecrets, type SignatureScheme } from '../signing/signatureScheme';
import { CHECK_IDS, type CheckId } from './checkDefinitions';
import { EndpointCheckError } from './endpointCheckError';
import { parseHttpUrl } from '../net/httpUrl';

export interface EndpointCheckOptions {
  /** The developer's webhook endpoint, http or https. */
  readonly url: string;
  /** The endpoint's signing secret(s); never written to the report. */
  readonly secrets: readonly string[];
  readonly scheme?: SchemeName;
  /** The makini scheme's signature header. */
  readonly signatureHeader?: string;
  /** How the makini scheme writes its signatures (base64 by default). */
  readonly encoding?: SignatureEncoding;
  /** Run only these checks (all by default). */
  readonly only?: readonly CheckId[];
  /** Makini's answer deadline: 10 s. Each request waits this long. */
  readonly deadlineMs?: number;
  /** Answers slower than this warn: 5 s. */
  readonly warnMs?: number;
  /**
   * The endpoint's timestamp tolerance: 300 s. Only for a scheme that signs its timestamp
   * (standard); given with the makini scheme it is refused, as the receiver refuses it.
   */
  readonly toleranceSeconds?: number;
  readonly connectionId?: string;
  /** Skip TLS certificate checks (local self-signed endpoints). */
  readonly insecure?: boolean;
}

export const DEFAULT_DEADLINE_MS = 10_000;
export const DEFAULT_WARN_MS = 5_000;
export const DEFAULT_TOLERANCE_SECONDS = 300;

export interface ResolvedCheckOptions {
  readonly url: URL;
  readonly scheme: SignatureScheme;
  readonly schemeName: SchemeName;
  readonly deadlineMs: number;
  readonly warnMs: number;
  readonly toleranceSeconds: number;
  /** In report order. */
  readonly selected: readonly CheckId[];
}

function positive(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0))
    throw new EndpointCheckError('invalid_options', `${name} must be > 0, got ${value}.`);
  return value;
}

/**
 * Validates `options` and fills in the defaults.
 * @throws EndpointCheckError for a URL that is not http(s), options out of range, a tolerance with
 * a scheme that signs no timestamp, or an unknown check.
 * @throws UnknownSchemeError for a scheme name that does not exist.
 * @throws SigningSecretError when no secret is given or one is unusable by the scheme.
 */
export function resolveCheckOptions(options: EndpointCheckOptions): ResolvedCheckOptions {
  const url = parseHttpUrl(
    options.url,
    { example: 'http://127.0.0.1:3000/webhooks', subject: 'Webhook endpoints are' },
    (message, errorOptions) => new EndpointCheckError('invalid_url', message, errorOptions),
  );
  const schemeName = options.scheme ?? 'makini';
  if (!isSchemeName(schemeName))
    throw new EndpointCheckError('invalid_options', `Scheme must be one of ${SCHEME_NAMES.join(', ')}.`);
  const scheme = getScheme(schemeName, {
    signatureHeader: options.signatureHeader,
    encoding: options.encoding,
  });
  requireSecrets(options.secrets, schemeName);
  // Sign once up front so an unusable secret fails the call, not every check.
  scheme.sign({ id: 'evt_check', timestamp: 0, body: Buffer.alloc(0), secrets: options.secrets });
  const deadlineMs = positive('The deadline', options.deadlineMs ?? DEFAULT_DEADLINE_MS);
  const warnMs = positive('The warning threshold', options.warnMs ?? Math.min(DEFAULT_WARN_MS, deadlineMs));
  if (warnMs > deadlineMs)
    throw new EndpointCheckError(
      'invalid_options',
      `The warning threshold (${warnMs} ms) is above the deadline (${deadlineMs} ms).`,
    );
  if (options.toleranceSeconds !== undefined && !scheme.signsTimestamp)
    throw new EndpointCheckError(
      'invalid_options',
      `A timestamp tolerance applies to the standard scheme only: the ${schemeName} scheme signs no timestamp.`,
    );
  const toleranceSeconds = positive('The tolerance', options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS);
  const unknown = (options.only ?? []).filter((id) => !(CHECK_IDS as readonly string[]).includes(id));
  if (unknown.length > 0)
    throw new EndpointCheckError('unknown_check', `No such check: ${unknown.join(', ')}.`);
  const selected = CHECK_IDS.filter((id) => !options.only || options.only.includes(id));

  return { url, scheme, schemeName, deadlineMs, warnMs, toleranceSeconds, selected };
}
