import {
  DEFAULT_SIGNATURE_ENCODING,
  isSignatureEncoding,
  SIGNATURE_ENCODINGS,
  SIGNATURE_HEADER,
  type SignatureEncoding,
} from '../core/contract/makiniContract';
import { parseHttpUrl } from '../core/net/httpUrl';
import {
  getScheme,
  isSchemeName,
  SCHEME_NAMES,
  type SchemeName,
  schemeSignsTimestamp,
} from '../core/signing/schemes';
import { SigningSecretError } from '../core/signing/signatureScheme';
import { type CliIo, UsageError } from './cliCommand';
import { intOption } from './parseOptions';

/** The flags every command that verifies takes. */
export const VERIFYING_OPTIONS = {
  secret: { type: 'string', multiple: true },
  scheme: { type: 'string' },
  'signature-header': { type: 'string' },
} as const;

/** The flags every command that signs takes: those, and how the signature is written. */
export const SIGNING_OPTIONS = { ...VERIFYING_OPTIONS, encoding: { type: 'string' } } as const;

/** The `--help` lines of {@link VERIFYING_OPTIONS}. */
export const VERIFYING_FLAG_HELP = {
  secret: [
    'S',
    'signing secret, repeatable for rotation (default: MAKINI_WEBHOOK_SECRET; the flag wins, and warns: it ends up in shell history)',
  ],
  scheme: ['makini|standard', 'signature scheme (default: makini)'],
  'signature-header': ['NAME', `signature header of the makini scheme (default: ${SIGNATURE_HEADER})`],
} as const;

/** The `--help` lines of {@link SIGNING_OPTIONS}. */
export const SIGNING_FLAG_HELP = {
  ...VERIFYING_FLAG_HELP,
  encoding: [
    SIGNATURE_ENCODINGS.join('|'),
    `how the makini scheme writes its HMAC (default: ${DEFAULT_SIGNATURE_ENCODING}; receivers take either)`,
  ],
} as const;

/** The flags of a command that sends signed webhooks to an endpoint: `--to` and the signing flags. */
export const TARGET_OPTIONS = { to: { type: 'string' }, ...SIGNING_OPTIONS } as const;

type SigningValues = { secret?: string[]; scheme?: string; 'signature-header'?: string; encoding?: string };

export interface SigningFlags {
  readonly scheme: SchemeName;
  /** From `--secret` (repeatable, for rotation) or `MAKINI_WEBHOOK_SECRET`. */
  readonly secrets: string[];
  readonly signatureHeader?: string;
  /** From `--encoding`, for the makini scheme's signatures. */
  readonly encoding?: SignatureEncoding;
  /** The secrets came from `--secret`, so they are in the shell's history: warn once running. */
  readonly secretFromFlag: boolean;
}

/** The one sentence every command shows when no secret was given and it needs one. */
export const NO_SECRET =
  'no signing secret: set MAKINI_WEBHOOK_SECRET to the secret your endpoint verifies with ' +
  '(export MAKINI_WEBHOOK_SECRET=...), or pass --secret S.';

/** @throws UsageError when a secret is not usable by the scheme (a standard one not `whsec_…`). */
function checkSecretsUsable(scheme: SchemeName, secrets: readonly string[], signatureHeader?: string): void {
  if (secrets.length === 0) return;
  try {
    getScheme(scheme, { signatureHeader }).sign({
      id: 'evt_flag_check',
      timestamp: 0,
      body: Buffer.alloc(0),
      secrets,
    });
  } catch (error) {
    if (!SigningSecretError.is(error)) throw error;
    throw new UsageError(`the signing secret is not usable: ${error.message}`, { cause: error });
  }
}

/**
 * Reads `--scheme`, `--signature-header` and the secrets (`--secret` when given, else
 * `MAKINI_WEBHOOK_SECRET`).
 * @throws UsageError for an unknown scheme, a header name or an encoding with the standard scheme,
 * an encoding that is not base64 or hex, a secret the
 * scheme cannot use, or (when `requireSecret`) no secret at all.
 */
export function readSigningFlags(
  values: SigningValues,
  env: NodeJS.ProcessEnv,
  requireSecret: boolean,
): SigningFlags {
  const scheme = values.scheme ?? 'makini';
  if (!isSchemeName(scheme)) {
    throw new UsageError(`--scheme must be one of ${SCHEME_NAMES.join(', ')}, got '${scheme}'.`);
  }
  const signatureHeader = values['signature-header'];
  if (signatureHeader !== undefined && scheme !== 'makini') {
    throw new UsageError('--signature-header applies to the makini scheme only.');
  }
  const encoding = readEncodingFlag(values.encoding, scheme);
  const fromEnv = env.MAKINI_WEBHOOK_SECRET;
  const secrets = values.secret ?? (fromEnv ? [fromEnv] : []);
  if (requireSecret && secrets.length === 0) throw new UsageError(NO_SECRET);
  checkSecretsUsable(scheme, secrets, signatureHeader);
  return {
    scheme,
    secrets,
    ...(signatureHeader === undefined ? {} : { signatureHeader }),
    ...(encoding === undefined ? {} : { encoding }),
    secretFromFlag: values.secret !== undefined,
  };
}

/**
 * `--encoding`, for the makini scheme: the standard scheme always writes base64.
 * @throws UsageError for another value, or with the standard scheme.
 */
function readEncodingFlag(value: string | undefined, scheme: SchemeName): SignatureEncoding | undefined {
  if (value === undefined) return undefined;
  if (!isSignatureEncoding(value))
    throw new UsageError(`--encoding must be one of ${SIGNATURE_ENCODINGS.join(', ')}, got '${value}'.`);
  if (scheme !== 'makini')
    throw new UsageError('--encoding applies to the makini scheme only: the standard scheme writes base64.');
  return value;
}

/** Warns on stderr when the secret was given as a flag (it is now in the shell's history). */
export function warnOfSecretFlag(io: CliIo, fromFlag: boolean): void {
  if (!fromFlag) return;
  io.stderr.write(
    'warning: --secret leaves the secret in your shell history and the process list; ' +
      'prefer MAKINI_WEBHOOK_SECRET.\n',
  );
}

/**
 * `value` of `--flag` when it is a full http(s) URL.
 * @throws UsageError when it is not (`127.0.0.1:8787/webhooks`, `ftp://…`).
 */
export function httpUrlFlag(flag: string, value: string): string {
  parseHttpUrl(
    value,
    { example: 'http://127.0.0.1:8787/webhooks', subject: `--${flag} takes` },
    (message, options) => new UsageError(`--${flag}: ${message}`, options),
  );
  return value;
}

export interface TargetFlags extends SigningFlags {
  /** From `--to`. */
  readonly url: string;
}

/**
 * Reads `--to` and the signing flags, a secret required; `purpose` says in the error what the URL
 * is for.
 * @throws UsageError when `--to` is missing or not an http(s) URL, or as {@link readSigningFlags} does.
 */
export function readTargetFlags(
  values: SigningValues & { to?: string },
  env: NodeJS.ProcessEnv,
  purpose: string,
): TargetFlags {
  if (values.to === undefined) throw new UsageError(`--to URL is required: ${purpose}.`);
  return { url: httpUrlFlag('to', values.to), ...readSigningFlags(values, env, true) };
}

/**
 * Reads a timestamp tolerance flag (seconds); undefined when it is not given. Only a scheme whose
 * signature covers the timestamp takes one: on any other, a replayer can drop or change the
 * timestamp, so the tolerance would protect nothing.
 * @throws UsageError when the scheme signs no timestamp, or the value is not a whole number in range.
 */
export function readToleranceFlag(
  flag: string,
  value: string | undefined,
  scheme: SchemeName,
  range: { readonly min: number; readonly max: number },
): number | undefined {
  if (value === undefined) return undefined;
  if (!schemeSignsTimestamp(scheme)) {
    throw new UsageError(
      `--${flag} applies to the standard scheme only: the ${scheme} scheme signs no timestamp, ` +
        'so a tolerance on it would protect nothing. Drop the flag, or use --scheme standard.',
    );
  }
  return intOption(flag, value, 0, range.min, range.max);
}
