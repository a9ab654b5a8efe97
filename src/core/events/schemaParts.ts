import type { JsonSchema } from './eventDefinition';

// Reusable fragments of the event schemas, so every type spells a time or a count the same way.

export const dateTime: JsonSchema = { type: 'string', format: 'date-time' };
export const nonEmptyString: JsonSchema = { type: 'string', minLength: 1 };
export const count: JsonSchema = { type: 'integer', minimum: 0 };
export const entityNames = ['work_order', 'asset', 'site', 'purchase_order'] as const;
export type EntityName = (typeof entityNames)[number];
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
