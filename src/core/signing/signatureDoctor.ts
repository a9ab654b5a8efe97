import { createHash } from 'node:crypto';
import {
  DEPRECATED_SIGNATURE_HEADER,
  SIGNATURE_HEADER,
  type SignatureEncoding,
} from '../contract/makiniContract';
import type { SchemeName } from './schemes';
import { constantTimeEqual, type HeaderValues, headerValue } from './signatureScheme';
import {
  BASE64,
  STANDARD_ID_HEADER,
  STANDARD_SECRET_PREFIX,
  STANDARD_SIGNATURE_HEADER,
  STANDARD_TIMESTAMP_HEADER,
} from './standardScheme';
import { decodeSignature, hmacSha256, reserialisedBody, signatureTokens } from './signatureValues';
import { doctorFix, type DiagnosisChange } from './doctorFix';

/**
 * The doctor's bound. A naive search costs headers × encodings × contents × secrets HMACs; this
 * one computes each (secret form, content) HMAC once and compares it with every signature found in
 * every header, in either encoding, so it pays secret forms × contents HMACs. It stops there:
 * never more than this many per request, whatever the request or the configuration holds.
 */
export const DOCTOR_HMAC_LIMIT = 199;

/** At most this many headers are read for signatures (a request may carry hundreds). */
export const DOCTOR_HEADER_LIMIT = 64;

/** What was signed: the raw bytes, their JSON re-serialised, or Standard Webhooks' `id.timestamp.body`. */
export type DiagnosedContent = 'raw' | 'json' | 'id.timestamp.body';

/** The bytes one content variant signs, shown without the bytes themselves. */
export interface SignedBytes {
  readonly content: DiagnosedContent;
  /** The first characters, as UTF-8. */
  readonly preview: string;
  readonly length: number;
  readonly sha256: string;
}

/** One HMAC the doctor computed, and the header signature it matched, if any. */
export interface TriedHmac {
  readonly scheme: SchemeName;
  readonly content: DiagnosedContent;
  /** Which secret, in which form ("secret 1 of 2, as UTF-8"); never its value. */
  readonly secret: string;
  readonly base64: string;
  readonly hex: string;
  readonly matched?: { readonly header: string; readonly encoding: SignatureEncoding };
}

/** The doctor's computation, step by step, for a panel to show. */
export interface DoctorSteps {
  readonly bytes: readonly SignedBytes[];
  readonly hmacs: readonly TriedHmac[];
  /** Every header that held something shaped like an HMAC-SHA256, and how it was written. */
  readonly signaturesFound: readonly { readonly header: string; readonly encoding: SignatureEncoding }[];
  readonly limit: number;
  /** The search reached {@link DOCTOR_HMAC_LIMIT} before trying every variant. */
  readonly stoppedAtLimit: boolean;
}

/** Why a webhook that failed verification failed, and what to change. */
export interface SignatureDiagnosis {
  /** Whether some variant that is not configured made the signature. */
  readonly matched: boolean;
  readonly header?: string;
  readonly encoding?: SignatureEncoding;
  readonly content?: DiagnosedContent;
  readonly secret?: string;
  readonly scheme?: SchemeName;
  /** One sentence: the exact change to make. */
  readonly fix: string;
  /** The same change, for an editor to apply. */
  readonly change: DiagnosisChange;
  /** When nothing matched: the signature received in the configured header (cut short)… */
  readonly received?: { readonly header: string; readonly value: string };
  /** …and the one the configured variant expected (an HMAC of this body: never the secret). */
  readonly expected?: {
    readonly header: string;
    readonly encoding: SignatureEncoding;
    readonly content: DiagnosedContent;
    readonly secret: string;
    readonly value: string;
  };
  readonly steps: DoctorSteps;
}

export interface DoctorInput {
  /** The receiver's configuration: its scheme, its makini header, its secrets. */
  readonly scheme: SchemeName;
  readonly signatureHeader?: string;
  /** How this product signs what it sends; a fix aligns it with the sender's, when they differ. */
  readonly encoding?: SignatureEncoding;
  readonly secrets: readonly string[];
  /** Secrets rotated out: never accepted, only tried here. */
  readonly retiredSecrets?: readonly string[];
  readonly headers: HeaderValues;
  readonly body: Buffer;
  /** The HMAC to use (tests count the calls). */
  readonly hmac?: (key: Buffer, content: Buffer) => Buffer;
}

/** A secret in one form: the key bytes and how it reads in a diagnosis. */
export interface KeyForm {
  readonly key: Buffer;
  readonly description: string;
  readonly form: 'utf8' | 'base64-decoded';
  readonly retired: boolean;
}

function decodedKey(secret: string): Buffer | undefined {
  const encoded = secret.startsWith(STANDARD_SECRET_PREFIX)
    ? secret.slice(STANDARD_SECRET_PREFIX.length)
    : secret;
  if (encoded === '' || !BASE64.test(encoded)) return undefined;
  const key = Buffer.from(encoded, 'base64');
  return key.length > 0 ? key : undefined;
}

/**
 * Every form of every secret, the configured ones first, each in the configured scheme's form
 * first: a makini secret as UTF-8, a standard one base64-decoded after `whsec_`.
 */
function keyForms(input: DoctorInput): KeyForm[] {
  const forms: KeyForm[] = [];
  const add = (list: readonly string[], label: (i: number) => string, retired: boolean): void => {
    list.forEach((secret, i) => {
      const utf8: KeyForm = {
        key: Buffer.from(secret, 'utf8'),
        description: `${label(i)}, as UTF-8`,
        form: 'utf8',
        retired,
      };
      const bytes = decodedKey(secret);
      const decoded: KeyForm[] =
        bytes === undefined
          ? []
          : [{ key: bytes, description: `${label(i)}, base64-decoded`, form: 'base64-decoded', retired }];
      forms.push(...(input.scheme === 'standard' ? [...decoded, utf8] : [utf8, ...decoded]));
    });
  };
  const configured = input.secrets.length;
  add(input.secrets, (i) => `secret ${i + 1} of ${configured}`, false);
  const retired = input.retiredSecrets ?? [];
  add(retired, (i) => `previous secret ${i + 1} of ${retired.length} (rotated out)`, true);
  return forms;
}

interface Content {
  readonly content: DiagnosedContent;
  readonly scheme: SchemeName;
  readonly bytes: Buffer;
}

/** The contents a signature may cover, the configured scheme's first. */
function contents(input: DoctorInput): Content[] {
  const raw: Content = { content: 'raw', scheme: 'makini', bytes: input.body };
  const json = reserialisedBody(input.body);
  // A compact body re-serialises to itself: the same bytes, the same HMAC, tried once.
  const makini =
    json === undefined || json.equals(input.body)
      ? [raw]
      : [raw, { ...raw, content: 'json' as const, bytes: json }];
  const id = headerValue(input.headers, STANDARD_ID_HEADER);
  const stamp = headerValue(input.headers, STANDARD_TIMESTAMP_HEADER);
  const standard: Content[] =
    id === undefined || stamp === undefined
      ? []
      : [
          {
            content: 'id.timestamp.body',
            scheme: 'standard',
            bytes: Buffer.concat([Buffer.from(`${id}.${stamp}.`), input.body]),
          },
        ];
  return input.scheme === 'standard' ? [...standard, ...makini] : [...makini, ...standard];
}

interface Found {
  readonly header: string;
  readonly encoding: SignatureEncoding;
  readonly bytes: Buffer;
}

/** Every header value token shaped like an HMAC-SHA256, in base64 or hex. */
function signaturesIn(headers: HeaderValues): Found[] {
  const found: Found[] = [];
  for (const name of Object.keys(headers).slice(0, DOCTOR_HEADER_LIMIT)) {
    const value = headerValue(headers, name);
    if (value === undefined) continue;
    for (const token of signatureTokens(value)) {
      const decoded = decodeSignature(token);
      if (decoded) found.push({ header: name.toLowerCase(), ...decoded });
    }
  }
  return found;
}

const PREVIEW_CHARS = 80;

function bytesStep(c: Content): SignedBytes {
  const text = c.bytes.subarray(0, PREVIEW_CHARS * 4).toString('utf8');
  const preview = text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
  return {
    content: c.content,
    preview,
    length: c.bytes.length,
    sha256: createHash('sha256').update(c.bytes).digest('hex'),
  };
}

/** The header the configured variant reads, and its value, cut short. */
function receivedSignature(input: DoctorInput): { header: string; value: string } | undefined {
  const configured =
    input.scheme === 'standard'
      ? [STANDARD_SIGNATURE_HEADER]
      : [(input.signatureHeader ?? SIGNATURE_HEADER).toLowerCase(), DEPRECATED_SIGNATURE_HEADER];
  for (const header of configured) {
    const value = headerValue(input.headers, header);
    if (value !== undefined && value !== '')
      return { header, value: value.length > 120 ? `${value.slice(0, 120)}…` : value };
  }
  return undefined;
}

/**
 * After a failed verification, tries what is not configured: every header, the other scheme, each
 * encoding, raw or re-serialised, each secret as UTF-8 and base64-decoded, the rotated-out
 * secrets. At most {@link DOCTOR_HMAC_LIMIT} HMACs. The diagnosis names a secret by its position
 * and form, never by its value. Never throws for a bad request.
 */
export function diagnoseSignature(input: DoctorInput): SignatureDiagnosis {
  const hmac = input.hmac ?? hmacSha256;
  const found = signaturesIn(input.headers);
  const variants = contents(input);
  const forms = keyForms(input);
  const hmacs: TriedHmac[] = [];
  let match: { form: KeyForm; content: Content; found: Found } | undefined;
  let stoppedAtLimit = false;
  search: for (const form of forms) {
    for (const content of variants) {
      if (hmacs.length >= DOCTOR_HMAC_LIMIT) {
        stoppedAtLimit = true;
        break search;
      }
      const value = hmac(form.key, content.bytes);
      const hit = found.find((f) => constantTimeEqual(f.bytes, value));
      hmacs.push({
        scheme: content.scheme,
        content: content.content,
        secret: form.description,
        base64: value.toString('base64'),
        hex: value.toString('hex'),
        ...(hit ? { matched: { header: hit.header, encoding: hit.encoding } } : {}),
      });
      if (hit) {
        match = { form, content, found: hit };
        break search;
      }
    }
  }
  const steps: DoctorSteps = {
    bytes: variants.map(bytesStep),
    hmacs,
    signaturesFound: found.map(({ header, encoding }) => ({ header, encoding })),
    limit: DOCTOR_HMAC_LIMIT,
    stoppedAtLimit,
  };
  if (match) {
    const { form, content, found: hit } = match;
    const { fix, change } = doctorFix(input, {
      header: hit.header,
      encoding: hit.encoding,
      scheme: content.scheme,
      keyForm: form.form,
      retired: form.retired,
    });
    return {
      matched: true,
      header: hit.header,
      encoding: hit.encoding,
      content: content.content,
      secret: form.description,
      scheme: content.scheme,
      fix,
      change,
      steps,
    };
  }
  return unmatched(input, steps, found.length > 0);
}

function unmatched(input: DoctorInput, steps: DoctorSteps, anySignature: boolean): SignatureDiagnosis {
  const received = receivedSignature(input);
  const first = steps.hmacs[0];
  const encoding: SignatureEncoding =
    input.scheme === 'standard'
      ? 'base64'
      : (signatureTokens(received?.value ?? '')
          .map(decodeSignature)
          .find((d) => d)?.encoding ??
        input.encoding ??
        'base64');
  const expected =
    first && first.scheme === input.scheme
      ? {
          header:
            received?.header ??
            (input.scheme === 'standard'
              ? STANDARD_SIGNATURE_HEADER
              : (input.signatureHeader ?? SIGNATURE_HEADER).toLowerCase()),
          encoding,
          content: first.content,
          secret: first.secret,
          value:
            input.scheme === 'standard'
              ? `v1,${first.base64}`
              : encoding === 'hex'
                ? first.hex
                : first.base64,
        }
      : undefined;
  const stopped = steps.stoppedAtLimit
    ? ` (The search stopped at its bound of ${DOCTOR_HMAC_LIMIT} HMACs.)`
    : '';
  const fix = anySignature
    ? `No scheme, header, encoding or content matched with any secret, so the secret is wrong (or the body changed on the way): give the receiver the sender's secret (editor: Set Webhook Signing Secret; CLI: MAKINI_WEBHOOK_SECRET).${stopped}`
    : `No header holds an HMAC-SHA256 in base64 or hex: the sender does not sign these webhooks; give it the secret and have it sign them.${stopped}`;
  return {
    matched: false,
    fix,
    change: anySignature ? { kind: 'secret' } : { kind: 'sender' },
    ...(received ? { received } : {}),
    ...(expected ? { expected } : {}),
    steps,
  };
}
