import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { type EventDataByType, type EventType, getEventDefinition, isEventType } from './catalog';
import { envelopeSchema, type WebhookEnvelope } from './envelope';
import { eventEnvelopeSchema, payloadShapeSchema } from './eventSchemas';

/** One thing wrong with a value: where (JSON pointer), what, and what was expected. */
export interface ValidationIssue {
  /** JSON pointer into the validated value; `''` is the value itself. */
  readonly pointer: string;
  readonly message: string;
  readonly expected?: string;
}

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

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function toIssue(error: ErrorObject, prefix: string): ValidationIssue {
  const at = `${prefix}${error.instancePath}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        pointer: `${at}/${escapePointer(String(params.missingProperty))}`,
        message: 'is missing',
        expected: 'a value (required property)',
      };
    case 'additionalProperties':
      return {
        pointer: `${at}/${escapePointer(String(params.additionalProperty))}`,
        message: 'is not allowed here',
        expected: 'no such property',
      };
    case 'enum':
      return {
        pointer: at,
        message: 'has an unexpected value',
        expected: `one of ${JSON.stringify(params.allowedValues)}`,
      };
    case 'const':
      return {
        pointer: at,
        message: 'has an unexpected value',
        expected: JSON.stringify(params.allowedValue),
      };
    case 'type':
      return {
        pointer: at,
        message: 'has the wrong type',
        expected: String(params.type).replace(/,/g, ' or '),
      };
    case 'format':
      return { pointer: at, message: 'is not well formed', expected: `a ${String(params.format)} string` };
    default:
      return { pointer: at, message: error.message ?? `fails '${error.keyword}'` };
  }
}

function issuesOf(validate: ValidateFunction, prefix = ''): readonly ValidationIssue[] {
  // if/then wrappers repeat the inner errors as "must match then schema": they add nothing.
  return (validate.errors ?? []).filter((e) => e.keyword !== 'if').map((e) => toIssue(e, prefix));
}

/**
 * Checks a received value is a webhook envelope and, when its type is in the catalog, that its
 * `data` matches the type's schema. Unknown types are reported (`knownType: false`), not rejected.
 */
export function validateEnvelope(value: unknown): EnvelopeValidation {
  const envelope = validatorFor('envelope', () => envelopeSchema);
  if (!envelope(value)) return { ok: false, issues: issuesOf(envelope) };
  const candidate = value as WebhookEnvelope;
  if (!isEventType(candidate.type)) return { ok: true, envelope: candidate, knownType: false };
  const type = candidate.type;
  const full = validatorFor(`envelope:${type}`, () => eventEnvelopeSchema(type));
  if (!full(value)) return { ok: false, issues: issuesOf(full) };
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
  if (!validate(data)) return { ok: false, issues: issuesOf(validate, prefix) };
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
  if (!shape(value)) return { ok: false, issues: issuesOf(shape) };
  const payload = value as Payload;
  const data = validateEventData(payload.type, payload.data, '/data');
  return data.ok ? { ok: true, data: payload } : data;
}
