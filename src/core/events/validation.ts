import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import {
  type EventDataByType,
  type EventType,
  getEventDefinition,
  isEntityEventType,
  resolveEventType,
} from './catalog';
import {
  type DetailedEnvelope,
  detailedWebhook,
  envelopeSchema,
  type IdsEnvelope,
  idsWebhook,
  type Webhook,
  envelopeShapeOf,
  idsEnvelopeSchema,
  type ReceivedEnvelope,
} from './envelope';
import { idsPayloadSchema, payloadShapeSchema } from './eventSchemas';
import { issueOf, type ValidationIssue } from './validationIssue';

export type EnvelopeValidation =
  | {
      readonly ok: true;
      readonly envelope: DetailedEnvelope;
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
 * Checks a received value is a detailed envelope and, when its type is in the catalog (an alias
 * included), that its `data` matches the type's schema. Unknown types are reported
 * (`knownType: false`), not rejected.
 */
export function validateEnvelope(value: unknown): EnvelopeValidation {
  const envelope = validatorFor('envelope', () => envelopeSchema);
  if (!envelope(value)) return { ok: false, issues: issuesOf(envelope, value) };
  const candidate = value as DetailedEnvelope;
  const type = resolveEventType(candidate.type);
  if (type === undefined) return { ok: true, envelope: candidate, knownType: false };
  const data = validateEventData(type, candidate.data, '/data');
  return data.ok ? { ok: true, envelope: candidate, knownType: true } : data;
}

/** What a received body is and what is wrong with it, for the receipt (never a refusal). */
export interface BodyValidation {
  readonly envelope: ReceivedEnvelope;
  /** The event type it names, as sent (an alias stays an alias), when it names one. */
  readonly type?: string;
  /** False when the type named is not in the catalog (or none is named). */
  readonly knownType: boolean;
  readonly issues: readonly ValidationIssue[];
}

/**
 * Recognises a received body's envelope by its shape, then checks it: the detailed one as
 * {@link validateEnvelope} does, the ids one against its schema and the catalog's entity events
 * (a FAQ event exists only in the detailed envelope). A body of neither shape is
 * `unknown_envelope`, with one issue saying which shapes are expected.
 */
export function validateWebhookBody(value: unknown): BodyValidation {
  const envelope = envelopeShapeOf(value);
  if (envelope === 'unknown_envelope') {
    const issue = {
      pointer: '',
      message:
        'is neither webhook envelope: expected {"event": "<entities>.<action>", "body": [ids]} or {id, type, timestamp, connection_id, data}',
    };
    return { envelope, knownType: false, issues: [issue] };
  }
  const named = (value as Record<string, unknown>)[envelope === 'ids' ? 'event' : 'type'];
  const type = typeof named === 'string' ? named : undefined;
  const known = resolveEventType(type);
  const typeFact = { ...(type === undefined ? {} : { type }), knownType: known !== undefined };
  if (envelope === 'detailed') {
    const validation = validateEnvelope(value);
    return { envelope, ...typeFact, issues: validation.ok ? [] : validation.issues };
  }
  const ids = validatorFor('envelope:ids', () => idsEnvelopeSchema);
  if (!ids(value)) return { envelope, ...typeFact, issues: issuesOf(ids, value) };
  if (known !== undefined && !isEntityEventType(known)) {
    const issue = {
      pointer: '/event',
      message: `names ${known}, which exists only in the detailed envelope; the ids envelope is for entity events such as assets.updated`,
    };
    return { envelope, ...typeFact, issues: [issue] };
  }
  return { envelope, ...typeFact, issues: [] };
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
export type Payload =
  | {
      readonly envelope: 'detailed';
      /** The documented type, an alias in the file resolved. */
      readonly type: EventType;
      readonly data: unknown;
      readonly connection_id?: string;
      readonly id?: string;
      readonly timestamp?: string;
      /** Extra request headers to send with it. */
      readonly headers?: Readonly<Record<string, string>>;
    }
  | {
      readonly envelope: 'ids';
      readonly type: EventType;
      readonly ids: readonly string[];
      readonly headers?: Readonly<Record<string, string>>;
    };

/**
 * Checks a user's payload (`{type, connection_id?, data}`, a whole detailed envelope, or an
 * entity event's `{event, body: [ids]}`) against `dist/schemas/payload.schema.json`'s rules, with
 * `data` checked against its type's schema. Aliases are accepted and resolved.
 */
export function validatePayload(value: unknown): DataValidation<Payload> {
  if (envelopeShapeOf(value) === 'ids') {
    const ids = validatorFor('payload:ids', () => idsPayloadSchema());
    if (!ids(value)) return { ok: false, issues: issuesOf(ids, value) };
    const envelope = value as {
      readonly event: string;
      readonly body: readonly string[];
      readonly headers?: Readonly<Record<string, string>>;
    };
    const type = resolveEventType(envelope.event) as EventType; // The schema's enum lists only known names.
    const headers = envelope.headers === undefined ? {} : { headers: envelope.headers };
    return { ok: true, data: { envelope: 'ids', type, ids: envelope.body, ...headers } };
  }
  // Two steps rather than the file schema's if/then chain: compiling that chain for every type
  // takes seconds, while the shape check plus the one type's data schema is quick.
  const shape = validatorFor('payload', () => payloadShapeSchema());
  if (!shape(value)) return { ok: false, issues: issuesOf(shape, value) };
  const fields = value as Omit<Extract<Payload, { envelope: 'detailed' }>, 'envelope'>;
  const type = resolveEventType(fields.type) as EventType; // As above.
  const data = validateEventData(type, fields.data, '/data');
  return data.ok ? { ok: true, data: { ...fields, envelope: 'detailed', type } } : data;
}

/**
 * The webhook a recorded body is, to send again: a well-formed detailed envelope, or a
 * well-formed ids one (which carries no event id, so `idsEventId` gives the one its headers
 * will); else undefined. Its data is not held to the catalog: a replay repeats what was sent.
 */
export function webhookOfBody(value: unknown, idsEventId: () => string): Webhook | undefined {
  const envelope = envelopeShapeOf(value);
  if (envelope === 'detailed' && validatorFor('envelope', () => envelopeSchema)(value))
    return detailedWebhook(value as DetailedEnvelope);
  if (envelope === 'ids' && validatorFor('envelope:ids', () => idsEnvelopeSchema)(value))
    return idsWebhook(value as IdsEnvelope, idsEventId());
  return undefined;
}
