import { createHash } from 'node:crypto';
import { CONNECTION_ID_HEADER, type DuplicateKey, IDS_ENVELOPE_FIELDS } from '../contract/makiniContract';
import type { ReceivedEnvelope } from '../events/envelope';
import { capField, isOverLimit, MAX_FIELD_BYTES } from './fieldLimits';

/** The envelope fields a receipt indexes, read once from the parsed body and capped. */
export interface EnvelopeFacts {
  readonly eventId?: string;
  readonly eventType?: string;
  readonly connectionId?: string;
  /** Envelope fields that were over {@link MAX_FIELD_BYTES}; their values above are cut. */
  readonly fieldsCut: readonly string[];
}

type FieldMap = readonly (readonly [string, 'eventId' | 'eventType' | 'connectionId'])[];

const DETAILED_FIELDS: FieldMap = [
  ['id', 'eventId'],
  ['type', 'eventType'],
  ['connection_id', 'connectionId'],
];
const IDS_FIELDS: FieldMap = [[IDS_ENVELOPE_FIELDS.event, 'eventType']];

/**
 * Reads id, type and connection id from a parsed body (`unknown` until here) of the `envelope`
 * its shape says. The ids envelope has only the event name; its connection may come in our
 * informative {@link CONNECTION_ID_HEADER}, read from `headers`.
 */
export function readEnvelopeFacts(
  parsed: unknown,
  envelope: ReceivedEnvelope,
  headers: Readonly<Record<string, string | string[] | undefined>> = {},
): EnvelopeFacts {
  const fields = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const map = envelope === 'ids' ? IDS_FIELDS : envelope === 'detailed' ? DETAILED_FIELDS : [];
  const facts: { -readonly [K in keyof EnvelopeFacts]?: EnvelopeFacts[K] } = {};
  const fieldsCut: string[] = [];
  for (const [name, key] of map) {
    const value = fields[name];
    if (typeof value !== 'string') continue;
    if (isOverLimit(value)) fieldsCut.push(name);
    facts[key] = capField(value);
  }
  // Informative only, so an over-long one is cut without refusing the webhook.
  const header = headers[CONNECTION_ID_HEADER];
  if (envelope === 'ids' && typeof header === 'string' && header !== '')
    facts.connectionId = capField(header);
  return { ...facts, fieldsCut };
}

/**
 * What a redelivery is recognised by: the event id when the body has one, else (the ids
 * envelope, which has none) the SHA-256 of the raw body. `key` is what the duplicate detector
 * remembers; the two kinds never collide.
 */
export function duplicateKeyOf(
  eventId: string | undefined,
  body: Buffer,
): { readonly kind: DuplicateKey; readonly key: string } {
  if (eventId !== undefined) return { kind: 'event_id', key: `event_id:${eventId}` };
  return { kind: 'body_sha256', key: `body_sha256:${createHash('sha256').update(body).digest('hex')}` };
}

/** Why an envelope with over-long fields is refused, naming them and the limit. */
export function fieldsTooLongMessage(fieldsCut: readonly string[]): string {
  const names = fieldsCut.map((f) => `'${f}'`).join(', ');
  return `The envelope's ${names} ${fieldsCut.length === 1 ? 'is' : 'are'} longer than ${MAX_FIELD_BYTES} bytes; ids, types and connection ids must be at most ${MAX_FIELD_BYTES} bytes. The values were cut in this record.`;
}
