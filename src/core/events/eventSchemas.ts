import { EVENT_TYPES, type EventType, getEventDefinition } from './catalog';
import { envelopeSchema } from './envelope';
import type { JsonSchema } from './eventDefinition';

const SCHEMA_BASE = 'https://makini-devtools.local/schemas';

/** The `$id` of the whole-envelope schema of `type` (also its file name under schemas/events/). */
export function eventSchemaId(type: EventType): string {
  return `${SCHEMA_BASE}/events/${type}.schema.json`;
}

/**
 * A standalone JSON Schema of a whole webhook of `type`: the envelope with `type` fixed and `data`
 * narrowed. Written to `dist/schemas/events/<type>.schema.json` for editors.
 * @throws UnknownEventTypeError when the type is not in the catalog.
 */
export function eventEnvelopeSchema(type: EventType): JsonSchema {
  const definition = getEventDefinition(type);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: eventSchemaId(type),
    title: `Makini webhook: ${type}`,
    description: definition.description,
    ...envelopeSchema,
    properties: {
      ...envelopeSchema.properties,
      type: { const: type, description: envelopeSchema.properties.type.description },
      data: definition.dataSchema,
    },
  };
}

/**
 * The schema of a user's payload file: either a whole envelope, or `{type, connection_id?, data}`
 * that the tool wraps in an envelope. `data` is checked against the schema of the named type.
 */
export function payloadFileSchema(): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `${SCHEMA_BASE}/payload.schema.json`,
    title: 'Makini webhook payload file',
    description: 'A whole webhook envelope, or {type, connection_id?, data} to be wrapped in one.',
    ...payloadShapeSchema(),
    allOf: EVENT_TYPES.map((type) => ({
      if: { properties: { type: { const: type } }, required: ['type'] },
      then: { properties: { data: getEventDefinition(type).dataSchema } },
    })),
  };
}

/** The payload file's shape without the per-type `data` rules. */
export function payloadShapeSchema(): JsonSchema {
  return {
    type: 'object',
    required: ['type', 'data'],
    properties: {
      id: envelopeSchema.properties.id,
      type: { type: 'string', enum: EVENT_TYPES, description: 'Event type.' },
      timestamp: envelopeSchema.properties.timestamp,
      connection_id: envelopeSchema.properties.connection_id,
      data: { type: 'object' },
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
