import { isSchemeName, SCHEME_NAMES, type SchemeName, schemeSignsTimestamp } from '../core/signing/schemes';
import { UsageError } from './cliCommand';
import { intOption } from './parseOptions';

/** The flags every command that signs or verifies takes. */
export const SIGNING_OPTIONS = {
  secret: { type: 'string', multiple: true },
  scheme: { type: 'string' },
  'signature-header': { type: 'string' },
} as const;

/** The flags of a command that sends signed webhooks to an endpoint: `--to` and the signing flags. */
export const TARGET_OPTIONS = { to: { type: 'string' }, ...SIGNING_OPTIONS } as const;

type SigningValues = { secret?: string[]; scheme?: string; 'signature-header'?: string };

export interface SigningFlags {
  readonly scheme: SchemeName;
  /** From `--secret` (repeatable, for rotation) or `MAKINI_WEBHOOK_SECRET`. */
  readonly secrets: string[];
  readonly signatureHeader?: string;
}

/**
 * Reads `--scheme`, `--signature-header` and the secrets (flags first, else the environment).
 * @throws UsageError for an unknown scheme, a header name with the standard scheme, or (when
 * `requireSecret`) no secret at all.
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
  const fromEnv = env.MAKINI_WEBHOOK_SECRET;
  const secrets = values.secret ?? (fromEnv ? [fromEnv] : []);
  if (requireSecret && secrets.length === 0) {
    throw new UsageError('no signing secret: pass --secret or set MAKINI_WEBHOOK_SECRET.');
  }
  return { scheme, secrets, ...(signatureHeader === undefined ? {} : { signatureHeader }) };
}

export interface TargetFlags extends SigningFlags {
  /** From `--to`. */
  readonly url: string;
}

/**
 * Reads `--to` and the signing flags, a secret required; `purpose` says in the error what the URL
 * is for.
 * @throws UsageError when `--to` is missing, or as {@link readSigningFlags} does.
 */
export function readTargetFlags(
  values: SigningValues & { to?: string },
  env: NodeJS.ProcessEnv,
  purpose: string,
): TargetFlags {
  if (values.to === undefined) throw new UsageError(`--to URL is required: ${purpose}.`);
  return { url: values.to, ...readSigningFlags(values, env, true) };
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
