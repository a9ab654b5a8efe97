import { randomInt } from 'node:crypto';
import { DETAILED_ENVELOPE_FIELDS, type EnvelopeName, IDS_ENVELOPE_FIELDS } from '../contract/makiniContract';

/**
 * The `detailed` envelope, from the FAQ's words (type, timestamp, connection id, details) with an
 * event id. `id` stays the same across retries and duplicate deliveries of one event, so
 * receivers can deduplicate on it.
 */
export interface DetailedEnvelope<TData = unknown> {
  readonly id: string;
  readonly type: string;
  /** ISO 8601, UTC. */
  readonly timestamp: string;
  /** The key of the connection (the customer system) the event concerns. */
  readonly connection_id: string;
  readonly data: TData;
}

/** The `ids` envelope, the one Makini documents: an event name and the changed records' ids. */
export interface IdsEnvelope {
  readonly event: string;
  readonly body: readonly string[];
}

/**
 * A webhook to send, whichever its envelope: the payload that goes on the wire, and the facts the
 * sender records and puts in its informative headers. An `ids` payload carries neither an event
 * id nor a connection, so `id` and `connectionId` live only here and in those headers.
 */
export type Webhook =
  | {
      readonly envelope: 'detailed';
      readonly id: string;
      readonly type: string;
      readonly connectionId: string;
      readonly payload: DetailedEnvelope;
    }
  | {
      readonly envelope: 'ids';
      readonly id: string;
      readonly type: string;
      readonly connectionId?: string;
      readonly payload: IdsEnvelope;
    };

/** A detailed envelope as a {@link Webhook}. */
export function detailedWebhook(envelope: DetailedEnvelope): Webhook {
  return {
    envelope: 'detailed',
    id: envelope.id,
    type: envelope.type,
    connectionId: envelope.connection_id,
    payload: envelope,
  };
}

/** An ids envelope as a {@link Webhook}; `id` is the event id its headers carry. */
export function idsWebhook(payload: IdsEnvelope, id: string, connectionId?: string): Webhook {
  return {
    envelope: 'ids',
    id,
    type: payload.event,
    ...(connectionId === undefined ? {} : { connectionId }),
    payload,
  };
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh event id: `evt_` and 24 random lower-case letters and digits. */
export function newEventId(): string {
  let id = 'evt_';
  for (let i = 0; i < 24; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)] ?? '0';
  return id;
}

// Checked against the contract's list, so a renamed field fails to compile here.
const TYPE_FIELD: (typeof DETAILED_ENVELOPE_FIELDS)[number] = 'type';

/** What a received body is, by its shape: one of the two envelopes, or neither. */
export type ReceivedEnvelope = EnvelopeName | 'unknown_envelope';

/**
 * Which envelope a parsed body has, by shape alone (its values are checked by the schemas):
 * `ids` when it is an object with `event` and `body` and no `type`; `detailed` when it has a
 * `type`; otherwise `unknown_envelope`.
 */
export function envelopeShapeOf(value: unknown): ReceivedEnvelope {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'unknown_envelope';
  const has = (field: string): boolean => Object.prototype.hasOwnProperty.call(value, field);
  if (has(IDS_ENVELOPE_FIELDS.event) && has(IDS_ENVELOPE_FIELDS.body) && !has(TYPE_FIELD)) return 'ids';
  return has(TYPE_FIELD) ? 'detailed' : 'unknown_envelope';
}

/** The JSON Schema of the detailed envelope, with `data` left open (each type's schema narrows it). */
export const envelopeSchema = {
  type: 'object',
  required: [...DETAILED_ENVELOPE_FIELDS],
  properties: {
    id: { type: 'string', pattern: '^evt_[A-Za-z0-9_-]+$', description: 'Event id, stable across retries.' },
    type: { type: 'string', minLength: 1, description: 'Event type, e.g. sync.completed.' },
    timestamp: { type: 'string', format: 'date-time', description: 'When the event happened (UTC).' },
    connection_id: { type: 'string', minLength: 1, description: 'Key of the connection concerned.' },
    data: { type: 'object', description: 'Event details; shape depends on the type.' },
  },
  additionalProperties: true,
} as const;

/** The JSON Schema of the ids envelope: the event name and a list of record ids. */
export const idsEnvelopeSchema = {
  type: 'object',
  required: [IDS_ENVELOPE_FIELDS.event, IDS_ENVELOPE_FIELDS.body],
  properties: {
    [IDS_ENVELOPE_FIELDS.event]: {
      type: 'string',
      minLength: 1,
      description: 'Event name, <entities>.<action>, e.g. assets.updated.',
    },
    [IDS_ENVELOPE_FIELDS.body]: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: 'The ids of the records the event concerns.',
    },
  },
  additionalProperties: true,
} as const;
