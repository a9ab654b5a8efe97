import { capField, isOverLimit, MAX_FIELD_BYTES } from './fieldLimits';

/** The envelope fields a receipt indexes, read once from the parsed body and capped. */
export interface EnvelopeFacts {
  readonly eventId?: string;
  readonly eventType?: string;
  readonly connectionId?: string;
  /** Envelope fields that were over {@link MAX_FIELD_BYTES}; their values above are cut. */
  readonly fieldsCut: readonly string[];
}

const FIELDS = [
  ['id', 'eventId'],
  ['type', 'eventType'],
  ['connection_id', 'connectionId'],
] as const;

/** Reads id, type and connection id from a parsed envelope (`unknown` until here). */
export function readEnvelopeFacts(parsed: unknown): EnvelopeFacts {
  const fields = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const facts: { -readonly [K in keyof EnvelopeFacts]?: EnvelopeFacts[K] } = {};
  const fieldsCut: string[] = [];
  for (const [name, key] of FIELDS) {
    const value = fields[name];
    if (typeof value !== 'string') continue;
    if (isOverLimit(value)) fieldsCut.push(name);
    facts[key] = capField(value);
  }
  return { ...facts, fieldsCut };
}

/** Why an envelope with over-long fields is refused, naming them and the limit. */
export function fieldsTooLongMessage(fieldsCut: readonly string[]): string {
  const names = fieldsCut.map((f) => `'${f}'`).join(', ');
  return `The envelope's ${names} ${fieldsCut.length === 1 ? 'is' : 'are'} longer than ${MAX_FIELD_BYTES} bytes; ids, types and connection ids must be at most ${MAX_FIELD_BYTES} bytes. The values were cut in this record.`;
}
