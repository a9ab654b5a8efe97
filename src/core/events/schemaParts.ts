import { ENTITY_COLLECTIONS, SINGULAR_ENTITY_NAMES } from '../contract/makiniContract';
import type { JsonSchema } from './eventDefinition';

// Reusable fragments of the event schemas, so every type spells a time or a count the same way.

export const dateTime: JsonSchema = { type: 'string', format: 'date-time' };
export const nonEmptyString: JsonSchema = { type: 'string', minLength: 1 };
export const count: JsonSchema = { type: 'integer', minimum: 0 };
/** One record of each documented collection, as the detailed envelope's data names it (`work_order`). */
export type EntityName = (typeof SINGULAR_ENTITY_NAMES)[(typeof ENTITY_COLLECTIONS)[number]];
export const entityNames: readonly EntityName[] = ENTITY_COLLECTIONS.map((c) => SINGULAR_ENTITY_NAMES[c]);
export const entityName: JsonSchema = { type: 'string', enum: entityNames };
export const stringList: JsonSchema = { type: 'array', items: nonEmptyString };

/** An object schema whose listed properties are all required and no others allowed. */
export function closedObject(
  properties: Record<string, JsonSchema>,
  optional: readonly string[] = [],
): JsonSchema {
  return {
    type: 'object',
    required: Object.keys(properties).filter((name) => !optional.includes(name)),
    properties,
    additionalProperties: false,
  };
}

/** ISO 8601 UTC without milliseconds, as Makini's documents write times. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `date` moved by `ms` milliseconds. */
export function shifted(date: Date, ms: number): Date {
  return new Date(date.getTime() + ms);
}
