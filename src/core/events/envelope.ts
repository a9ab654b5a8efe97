import { randomInt } from 'node:crypto';

/**
 * Every Makini webhook has this shape. `id` stays the same across retries and duplicate
 * deliveries of one event, so receivers can deduplicate on it.
 */
export interface WebhookEnvelope<TData = unknown> {
  readonly id: string;
  readonly type: string;
  /** ISO 8601, UTC. */
  readonly timestamp: string;
  /** The key of the connection (the customer system) the event concerns. */
  readonly connection_id: string;
  readonly data: TData;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh event id: `evt_` and 24 random lower-case letters and digits. */
export function newEventId(): string {
  let id = 'evt_';
  for (let i = 0; i < 24; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)] ?? '0';
  return id;
}

/** The JSON Schema of the envelope, with `data` left open (each type's schema narrows it). */
export const envelopeSchema = {
  type: 'object',
  required: ['id', 'type', 'timestamp', 'connection_id', 'data'],
  properties: {
    id: { type: 'string', pattern: '^evt_[A-Za-z0-9_-]+$', description: 'Event id, stable across retries.' },
    type: { type: 'string', minLength: 1, description: 'Event type, e.g. sync.completed.' },
    timestamp: { type: 'string', format: 'date-time', description: 'When the event happened (UTC).' },
    connection_id: { type: 'string', minLength: 1, description: 'Key of the connection concerned.' },
    data: { type: 'object', description: 'Event details; shape depends on the type.' },
  },
  additionalProperties: true,
} as const;
