import {
  DEFAULT_SIGNATURE_ENCODING,
  DEPRECATED_SIGNATURE_HEADER,
  PORTAL_WEBHOOKS_PATH,
  SIGNATURE_HEADER,
  type SignatureEncoding,
} from '../contract/makiniContract';
import type { SchemeName } from './schemes';
import { STANDARD_SIGNATURE_HEADER } from './standardScheme';

/** The settings a fix changes, by the names the editor's settings and the CLI's flags share. */
export interface SettingsChange {
  readonly signatureScheme?: SchemeName;
  readonly signatureHeader?: string;
  readonly signatureEncoding?: SignatureEncoding;
}

/**
 * What a diagnosis asks to change: receiver settings (an editor can apply them), the signing
 * secret (set it again), or the sender (nothing here can fix it).
 */
export type DiagnosisChange =
  | { readonly kind: 'settings'; readonly settings: SettingsChange }
  | { readonly kind: 'secret' }
  | { readonly kind: 'sender' };

/** The variant that matched, as the fix needs it. */
export interface MatchedVariant {
  readonly header: string;
  readonly encoding: SignatureEncoding;
  readonly scheme: SchemeName;
  readonly keyForm: 'utf8' | 'base64-decoded';
  readonly retired: boolean;
}

/** What the receiver was configured with. */
export interface ConfiguredVariant {
  readonly scheme: SchemeName;
  readonly signatureHeader?: string;
  readonly encoding?: SignatureEncoding;
}

const SETTING = {
  signatureScheme: ['makini.webhooks.signatureScheme', '--scheme'],
  signatureHeader: ['makini.webhooks.signatureHeader', '--signature-header'],
  signatureEncoding: ['makini.webhooks.signatureEncoding', '--encoding'],
} as const;

function settingsClause(change: SettingsChange): string | undefined {
  const entries = (Object.keys(SETTING) as (keyof SettingsChange)[]).flatMap((name) => {
    const value = change[name];
    return value === undefined ? [] : [{ name, value }];
  });
  if (entries.length === 0) return undefined;
  const settings = entries.map(({ name, value }) => `${SETTING[name][0]} to ${value}`).join(' and ');
  const flag = ({ name, value }: (typeof entries)[number]): string => `${SETTING[name][1]} ${value}`;
  // The encoding is how this product sends; receiving takes either.
  const receiving = entries.filter((e) => e.name !== 'signatureEncoding').map(flag);
  const sending = entries.filter((e) => e.name === 'signatureEncoding').map(flag);
  const cli = [
    ...(receiving.length > 0 ? [receiving.join(' ')] : []),
    ...(sending.length > 0 ? [`send with ${sending.join(' ')}`] : []),
  ];
  return `set ${settings} (CLI: ${cli.join('; ')})`;
}

/** The header the makini scheme reads when configured so (the deprecated one counts as the documented one). */
function readsHeader(configured: ConfiguredVariant, header: string): boolean {
  const expected = (configured.signatureHeader ?? SIGNATURE_HEADER).toLowerCase();
  return header === expected || (expected === SIGNATURE_HEADER && header === DEPRECATED_SIGNATURE_HEADER);
}

/** The one-sentence fix for a webhook that `matched` signed and `configured` refused, and what it changes. */
export function doctorFix(
  configured: ConfiguredVariant,
  matched: MatchedVariant,
): { fix: string; change: DiagnosisChange } {
  const settings: { -readonly [K in keyof SettingsChange]: SettingsChange[K] } = {};
  const sender: string[] = [];
  if (matched.scheme !== configured.scheme) settings.signatureScheme = matched.scheme;
  if (matched.scheme === 'makini') {
    const current = matched.scheme === configured.scheme ? configured : { scheme: matched.scheme };
    if (!readsHeader(current, matched.header)) settings.signatureHeader = matched.header;
    const sends = configured.encoding ?? DEFAULT_SIGNATURE_ENCODING;
    // Verifying accepts either encoding; sending as the sender does keeps test webhooks alike.
    if (Object.keys(settings).length > 0 && matched.encoding !== sends)
      settings.signatureEncoding = matched.encoding;
    if (matched.keyForm !== 'utf8')
      sender.push(
        "have the sender key its HMAC with the secret's UTF-8 text, as Makini does, not with its base64-decoded bytes",
      );
  } else {
    if (matched.header !== STANDARD_SIGNATURE_HEADER)
      sender.push(`have the sender put its signature in ${STANDARD_SIGNATURE_HEADER}, not ${matched.header}`);
    if (matched.keyForm !== 'base64-decoded')
      sender.push(
        "have the sender key its HMAC with the secret's bytes after whsec_, base64-decoded, as Standard Webhooks does, not with its text",
      );
  }
  const secret = matched.retired
    ? `the sender still signs with a secret rotated out: give it the current one (${PORTAL_WEBHOOKS_PATH}) or set the old one again (editor: Set Webhook Signing Secret; CLI: MAKINI_WEBHOOK_SECRET)`
    : undefined;
  const clauses = [settingsClause(settings), ...sender, secret].filter((c): c is string => c !== undefined);
  // Only a refusal for something else than the signature (a malformed timestamp) leaves none.
  const sentence =
    clauses.length > 0
      ? clauses.join(', and ')
      : 'nothing in the signature differs from the configuration: the request was refused for another reason';
  const fix = `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
  const change: DiagnosisChange =
    Object.keys(settings).length > 0
      ? { kind: 'settings', settings }
      : secret !== undefined
        ? { kind: 'secret' }
        : { kind: 'sender' };
  return { fix, change };
}
