import { isSchemeName, SCHEME_NAMES, type SchemeName } from '../core/signing/schemes';
import { UsageError } from './cliCommand';

/** The flags every command that signs or verifies takes. */
export const SIGNING_OPTIONS = {
  secret: { type: 'string', multiple: true },
  scheme: { type: 'string' },
  'signature-header': { type: 'string' },
} as const;

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
  values: { secret?: string[]; scheme?: string; 'signature-header'?: string },
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
