/** What a field of a stored record must hold; `string?` may also be absent. */
export type FieldType = 'string' | 'string?' | 'number' | 'boolean' | 'object' | 'array';

function holds(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string?':
      return value === undefined || typeof value === 'string';
    case 'object':
      return typeof value === 'object' && value !== null;
    case 'array':
      return Array.isArray(value);
    default:
      return typeof value === type;
  }
}

/**
 * Whether `value` is an object whose fields hold the types named, so a kind's `parse` can tell a
 * record from a corrupt line without spelling out each `typeof`.
 */
export function hasFieldTypes(
  value: unknown,
  fields: Readonly<Record<string, FieldType>>,
): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return Object.entries(fields).every(([name, type]) => holds(record[name], type));
}
