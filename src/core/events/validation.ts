import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { type EventDataByType, type EventType, getEventDefinition, isEventType } from './catalog';
import { envelopeSchema, type WebhookEnvelope } from './envelope';
import { eventEnvelopeSchema, payloadShapeSchema } from './eventSchemas';
import { issueOf, type ValidationIssue } from './validationIssue';

export type EnvelopeValidation =
  | {
      readonly ok: true;
      readonly envelope: WebhookEnvelope;
      /** False when the envelope is well formed but its type is not in the catalog (data unchecked). */
      readonly knownType: boolean;
    }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

export type DataValidation<T> =
  | { readonly ok: true; readonly data: T }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

let shared: Ajv | undefined;

/** One validator for every schema, made on first use: loading ajv is not free, and start-up pays only what it uses. */
function ajv(): Ajv {
  if (!shared) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose, see above
    const { createAjv } = require('../vendor/ajvModule') as { createAjv: () => Ajv };
    shared = createAjv();
  }
  return shared;
}

const compiled = new Map<string, ValidateFunction>();

/** Compiles each schema once, on first use, and keeps it. */
function validatorFor(key: string, schema: () => object): ValidateFunction {
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv().compile(schema());
    compiled.set(key, validate);
  }
  return validate;
}

function issuesOf(validate: ValidateFunction, value: unknown, prefix = ''): readonly ValidationIssue[] {
  // if/then wrappers repeat the inner errors as "must match then schema": they add nothing.
  return (validate.errors ?? []).filter((e) => e.keyword !== 'if').map((e) => issueOf(e, prefix, value));
}

/**
 * Checks a received value is a webhook envelope and, when its type is in the catalog, that its
 * `data` matches the type's schema. Unknown types are reported (`knownType: false`), not rejected.
 */
export function validateEnvelope(value: unknown): EnvelopeValidation {
  const envelope = validatorFor('envelope', () => envelopeSchema);
  if (!envelope(value)) return { ok: false, issues: issuesOf(envelope, value) };
  const candidate = value as WebhookEnvelope;
  if (!isEventType(candidate.type)) return { ok: true, envelope: candidate, knownType: false };
  const type = candidate.type;
  const full = validatorFor(`envelope:${type}`, () => eventEnvelopeSchema(type));
  if (!full(value)) return { ok: false, issues: issuesOf(full, value) };
  return { ok: true, envelope: candidate, knownType: true };
}

/**
 * Checks `data` against the schema of `type`. Pointers are relative to `data` unless `prefix`
 * (e.g. `/data`) is given.
 * @throws UnknownEventTypeError when the type is not in the catalog.
 */
export function validateEventData<T extends EventType>(
  type: T,
  data: unknown,
  prefix = '',
): DataValidation<EventDataByType[T]> {
  const definition = getEventDefinition(type);
  const validate = validatorFor(`data:${type}`, () => definition.dataSchema);
  if (!validate(data)) return { ok: false, issues: issuesOf(validate, data, prefix) };
  return { ok: true, data: data as EventDataByType[T] };
}

/** A user's payload file once validated: a whole envelope, or the parts the tool completes. */
export interface Payload {
  readonly type: EventType;
  readonly data: unknown;
  readonly connection_id?: string;
  readonly id?: string;
  readonly timestamp?: string;
}

/**
 * Checks a user's payload (`{type, connection_id?, data}` or a whole envelope) against
 * `dist/schemas/payload.schema.json`'s rules, with `data` checked against its type's schema.
 */
export function validatePayload(value: unknown): DataValidation<Payload> {
  // Two steps rather than the file schema's if/then chain: compiling that chain for every type
  // takes seconds, while the shape check plus the one type's data schema is quick.
  const shape = validatorFor('payload', () => payloadShapeSchema());
  if (!shape(value)) return { ok: false, issues: issuesOf(shape, value) };
  const payload = value as Payload;
  const data = validateEventData(payload.type, payload.data, '/data');
  return data.ok ? { ok: true, data: payload } : data;
}
