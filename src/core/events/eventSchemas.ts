import {
  aliasesOf,
  EVENT_TYPE_ALIASES,
  EVENT_TYPES,
  type EventType,
  getEventDefinition,
  isEntityEventType,
} from './catalog';
import { envelopeSchema, idsEnvelopeSchema } from './envelope';
import type { JsonSchema } from './eventDefinition';

const SCHEMA_BASE = 'https://makini-devtools.local/schemas';

/** The `$id` of the whole-envelope schema of `type` (also its file name under schemas/events/). */
export function eventSchemaId(type: EventType): string {
  return `${SCHEMA_BASE}/events/${type}.schema.json`;
}

/** Every name a type may be given by: the documented one, and the aliases that stand for it. */
function namesOf(type: EventType): readonly string[] {
  return [type, ...aliasesOf(type)];
}

/** The detailed envelope of `type`: `type` fixed (or an alias of it) and `data` narrowed. */
function detailedSchemaOf(type: EventType): JsonSchema {
  return {
    ...envelopeSchema,
    properties: {
      ...envelopeSchema.properties,
      type: { enum: namesOf(type), description: envelopeSchema.properties.type.description },
      data: getEventDefinition(type).dataSchema,
    },
  };
}

/** The ids envelope of `type`: `{event, body: [ids]}` with `event` fixed (or an alias of it). */
function idsSchemaOf(type: EventType): JsonSchema {
  return {
    ...idsEnvelopeSchema,
    properties: {
      ...idsEnvelopeSchema.properties,
      event: { enum: namesOf(type), description: idsEnvelopeSchema.properties.event.description },
    },
  };
}

/**
 * A standalone JSON Schema of a whole webhook of `type`: for an entity event, the documented ids
 * envelope or the detailed one; for the others, the detailed one. Written to
 * `dist/schemas/events/<type>.schema.json` for editors.
 * @throws UnknownEventTypeError when the type is not in the catalog.
 */
export function eventEnvelopeSchema(type: EventType): JsonSchema {
  const definition = getEventDefinition(type);
  const head = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: eventSchemaId(type),
    title: `Makini webhook: ${type}`,
    description: definition.description,
  };
  return isEntityEventType(type)
    ? { ...head, anyOf: [idsSchemaOf(type), detailedSchemaOf(type)] }
    : { ...head, ...detailedSchemaOf(type) };
}

/** Every type name a payload file may use: the documented ones, then the aliases. */
const TYPE_NAMES: readonly string[] = [...EVENT_TYPES, ...EVENT_TYPE_ALIASES.keys()];

/**
 * The schema of a user's payload file: a whole detailed envelope, `{type, connection_id?, data}`
 * that the tool wraps in one, or an entity event's ids envelope `{event, body: [ids]}`. `data` is
 * checked against the schema of the named type.
 */
export function payloadFileSchema(): JsonSchema {
  const detailed = {
    ...payloadShapeSchema(),
    allOf: TYPE_NAMES.map((name) => ({
      if: { properties: { type: { const: name } }, required: ['type'] },
      then: { properties: { data: getEventDefinition(name).dataSchema } },
    })),
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `${SCHEMA_BASE}/payload.schema.json`,
    title: 'Makini webhook payload file',
    description:
      'A whole webhook envelope, {type, connection_id?, data} to be wrapped in one, or an entity event as {event, body: [ids]}.',
    anyOf: [detailed, idsPayloadSchema()],
  };
}

/**
 * Extra request headers a payload file asks to send with it (`{"x-trace": "abc"}`); names are
 * HTTP tokens, values strings. Never part of the webhook's body.
 */
export function payloadHeadersSchema(): JsonSchema {
  return {
    type: 'object',
    description: 'Extra request headers to send with the webhook, name to value (not part of its body).',
    propertyNames: { pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" },
    additionalProperties: { type: 'string' },
  };
}

/** The payload file's detailed shape without the per-type `data` rules. */
export function payloadShapeSchema(): JsonSchema {
  return {
    type: 'object',
    required: ['type', 'data'],
    properties: {
      id: envelopeSchema.properties.id,
      type: { type: 'string', enum: TYPE_NAMES, description: 'Event type.' },
      timestamp: envelopeSchema.properties.timestamp,
      connection_id: envelopeSchema.properties.connection_id,
      data: { type: 'object' },
      headers: payloadHeadersSchema(),
    },
    additionalProperties: false,
  };
}

/** The payload file's ids shape: an entity event's name (or alias) and the records' ids. */
export function idsPayloadSchema(): JsonSchema {
  const entityNames = TYPE_NAMES.filter((name) => {
    const type = getEventDefinition(name).type as EventType;
    return isEntityEventType(type);
  });
  return {
    ...idsEnvelopeSchema,
    properties: {
      ...idsEnvelopeSchema.properties,
      event: {
        type: 'string',
        enum: entityNames,
        description: idsEnvelopeSchema.properties.event.description,
      },
      headers: payloadHeadersSchema(),
    },
    additionalProperties: false,
  };
}

/** Every generated schema file, as paths relative to the schemas folder and their contents. */
export function schemaFiles(): readonly { readonly path: string; readonly schema: JsonSchema }[] {
  return [
    ...EVENT_TYPES.map((type) => ({ path: `events/${type}.schema.json`, schema: eventEnvelopeSchema(type) })),
    { path: 'payload.schema.json', schema: payloadFileSchema() },
  ];
}
