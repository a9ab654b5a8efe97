import { IDS_ENVELOPE_FIELDS } from '../contract/makiniContract';
import { CodedError } from '../errors';
import { isSchemeName, newSecret } from '../signing/schemes';
import type { SignatureScheme, SignInput } from '../signing/signatureScheme';
import { STANDARD_TOLERANCE_SECONDS } from '../signing/standardScheme';
import type { DeliveryRequest } from './webhookSender';

/**
 * The ways a test webhook can be sent: as Makini sends it, or broken in one named way, so that an
 * endpoint can be seen to refuse what it must. Each delivery record names the one it was sent as.
 */
export const VARIANTS = {
  valid: 'as Makini sends it',
  'bad-signature': 'a well-formed signature that does not match the body',
  'other-secret': 'signed with a fresh random secret, not the one given',
  'stale-timestamp': 'signed with a timestamp an hour old; standard scheme only',
  'missing-signature': 'no signature header',
  'invalid-payload': 'a body that breaks the schema: a required envelope field dropped',
  'wrong-content-type': 'content-type text/plain instead of application/json',
} as const;

export type VariantName = keyof typeof VARIANTS;

export const VARIANT_NAMES = Object.keys(VARIANTS) as readonly VariantName[];

/** How far back `stale-timestamp` signs: well past the standard tolerance. */
export const STALE_BY_SECONDS = 12 * STANDARD_TOLERANCE_SECONDS;

export type VariantErrorCode = 'unknown_variant' | 'needs_signed_timestamp';

/** A variant that does not exist, or that the signing scheme cannot produce. */
export class VariantError extends CodedError<VariantErrorCode> {
  override readonly name = 'VariantError';
}

export function isVariantName(name: unknown): name is VariantName {
  return typeof name === 'string' && Object.hasOwn(VARIANTS, name);
}

/**
 * The variant called `name`.
 * @throws VariantError `unknown_variant` naming the ones that exist.
 */
export function parseVariantName(name: string): VariantName {
  if (isVariantName(name)) return name;
  throw new VariantError(
    'unknown_variant',
    `Unknown variant '${name}'. Use one of: ${VARIANT_NAMES.join(', ')}.`,
  );
}

/** `scheme` with its `sign` replaced; verifying stays the scheme's own. */
function signingAs(
  scheme: SignatureScheme,
  sign: (input: SignInput) => Record<string, string>,
): SignatureScheme {
  return {
    name: scheme.name,
    signatureHeader: scheme.signatureHeader,
    signsTimestamp: scheme.signsTimestamp,
    sign,
    verify: (input) => scheme.verify(input),
  };
}

/** `fields` less the one called `name`. */
function without<T extends object>(fields: T, name: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([key]) => key !== name));
}

/** The payload with one required field dropped: `data` from a detailed envelope, `body` from ids. */
function schemaBreaking(request: DeliveryRequest): Buffer {
  const { event } = request;
  const broken =
    event.envelope === 'ids'
      ? without(event.payload, IDS_ENVELOPE_FIELDS.body)
      : without(event.payload, 'data');
  return Buffer.from(JSON.stringify(broken));
}

/**
 * `request` changed to send `variant`: the same event id and type, with the signature, body or
 * content type broken as the variant says. `valid` changes nothing but the name on the record.
 * @throws VariantError `needs_signed_timestamp` for `stale-timestamp` with a scheme that signs no
 * timestamp (makini), where an old timestamp would not be a different request.
 */
export function withVariant(request: DeliveryRequest, variant: VariantName): DeliveryRequest {
  const { scheme } = request;
  const named = { ...request, variant };
  switch (variant) {
    case 'valid':
      return named;
    case 'bad-signature':
      // Signed over other bytes: well formed, so only the check of the HMAC can refuse it.
      return {
        ...named,
        scheme: signingAs(scheme, (input) =>
          scheme.sign({ ...input, body: Buffer.concat([input.body, Buffer.from('\n')]) }),
        ),
      };
    case 'other-secret': {
      const other = newSecret(isSchemeName(scheme.name) ? scheme.name : 'makini');
      return { ...named, scheme: signingAs(scheme, (input) => scheme.sign({ ...input, secrets: [other] })) };
    }
    case 'stale-timestamp':
      if (!scheme.signsTimestamp)
        throw new VariantError(
          'needs_signed_timestamp',
          `The ${scheme.name} scheme signs no timestamp, so a stale one is no different request: use --scheme standard for stale-timestamp.`,
        );
      return {
        ...named,
        scheme: signingAs(scheme, (input) =>
          scheme.sign({ ...input, timestamp: input.timestamp - STALE_BY_SECONDS }),
        ),
      };
    case 'missing-signature':
      return {
        ...named,
        scheme: signingAs(scheme, (input) => {
          const headers = scheme.sign(input);
          return Object.fromEntries(
            Object.entries(headers).filter(([name]) => name !== scheme.signatureHeader),
          );
        }),
      };
    case 'invalid-payload':
      return { ...named, body: schemaBreaking(request) };
    case 'wrong-content-type':
      return { ...named, headers: { ...request.headers, 'content-type': 'text/plain' } };
  }
}
