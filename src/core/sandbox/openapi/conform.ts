import type { JsonSchema } from './documentDefects';

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON types a (strict, normalized) schema allows; empty for "any value". */
export function typesOf(schema: JsonSchema): readonly string[] {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.filter((t): t is string => typeof t === 'string');
  if (Array.isArray(schema.anyOf)) return schema.anyOf.filter(isRecord).flatMap((s) => typesOf(s));
  return [];
}

/** The branch of a schema that describes `type` values (for `anyOf` of an object and null). */
export function branchOf(schema: JsonSchema, type: string): JsonSchema {
  if (Array.isArray(schema.anyOf)) {
    const found = schema.anyOf.filter(isRecord).find((s) => typesOf(s).includes(type));
    if (found) return found;
  }
  return schema;
}

/**
 * `value` made to fit `schema`, an answer's strict schema: what a request gave (typed as the
 * request schema says) becomes what an answer shows (typed as the response schema says), as
 * Makini's own API stores a number it was sent and shows it as text where the record types it so.
 * Where `value` cannot fit, `fallback` (a generated value that fits) is kept.
 */
export function conform(value: unknown, schema: JsonSchema, fallback: unknown): unknown {
  const types = typesOf(schema);
  if (types.length === 0) return value;
  if (value === null || value === undefined) return types.includes('null') ? null : fallback;
  if (typeof value === 'string') {
    if (types.includes('string')) return value;
    const n = Number(value);
    if (value.trim() !== '' && Number.isFinite(n)) {
      if (types.includes('number')) return n;
      if (types.includes('integer')) return Math.round(n);
    }
    if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
    return fallback;
  }
  if (typeof value === 'number') {
    if (types.includes('number')) return value;
    if (types.includes('integer')) return Math.round(value);
    if (types.includes('string')) return String(value);
    return fallback;
  }
  if (typeof value === 'boolean') {
    if (types.includes('boolean')) return value;
    if (types.includes('string')) return String(value);
    return fallback;
  }
  if (Array.isArray(value)) {
    if (!types.includes('array')) return fallback;
    const items = branchOf(schema, 'array').items;
    if (!isRecord(items)) return value;
    const given = Array.isArray(fallback) ? fallback : [];
    return value.map((v, i) => conform(v, items, given[i] ?? given[0]));
  }
  if (isRecord(value)) {
    if (types.includes('object')) return conformObject(value, branchOf(schema, 'object'), fallback);
    if (types.includes('array')) return conform([value], schema, fallback);
  }
  return fallback;
}

function conformObject(value: Fields, schema: JsonSchema, fallback: unknown): unknown {
  const properties = isRecord(schema.properties) ? schema.properties : undefined;
  if (!properties) return value;
  const base: Fields = isRecord(fallback) ? { ...fallback } : {};
  for (const [name, child] of Object.entries(properties)) {
    if (name in value && isRecord(child)) base[name] = conform(value[name], child, base[name]);
  }
  return base;
}
