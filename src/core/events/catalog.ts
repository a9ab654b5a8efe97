import type { CONNECTION_STATUS_ACTIONS } from '../contract/makiniContract';
import {
  type CONNECTION_STATUS_COLLECTION,
  DEFAULT_ENTITY_ENVELOPE,
  type EntityAction,
  type EntityCollection,
  ENTITY_EVENT_NAMES,
  type EnvelopeName,
  ENVELOPES,
  FAQ_EVENT_NAMES,
  SINGULAR_ENTITY_NAMES,
} from '../contract/makiniContract';
import { providerSlug } from './providers';
import { connectionAuthRequired, connectionStatusChanged } from './connectionEvents';
import type { AuthRequiredData, StatusChangedData } from './connectionEvents';
import { entityEvents, type EntityEventData } from './entityEvents';
import { type DetailedEnvelope, newEventId } from './envelope';
import type { EventDefinition } from './eventDefinition';
import { flowCustom, type FlowCustomData } from './flowEvents';
import { isoSeconds } from './schemaParts';
import { sampleRandom } from './sampleRandom';
import { syncCompleted, syncFailed, type SyncCompletedData, type SyncFailedData } from './syncEvents';
import { systemError, type SystemErrorData } from './systemEvents';
import { TypedError } from '../errors';

type EntityEventType =
  | `${EntityCollection}.${EntityAction}`
  | `${typeof CONNECTION_STATUS_COLLECTION}.${(typeof CONNECTION_STATUS_ACTIONS)[number]}`;

/**
 * Every event type Makini sends, in the order tools list them: the FAQ's events (detailed
 * envelope only), the documented entity events, then Flows' custom webhooks.
 */
export const EVENT_TYPES = [
  ...FAQ_EVENT_NAMES,
  // The contract lists them as strings; EntityEventType is the same list, spelled as a type.
  ...(ENTITY_EVENT_NAMES as readonly EntityEventType[]),
  'flow.custom',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** The `data` each event type carries (in the detailed envelope). */
export type EventDataByType = { readonly [T in EntityEventType]: EntityEventData } & {
  'sync.completed': SyncCompletedData;
  'sync.failed': SyncFailedData;
  'connection.auth_required': AuthRequiredData;
  'connection.status_changed': StatusChangedData;
  'system.error': SystemErrorData;
  'flow.custom': FlowCustomData;
};

/** The singular names (`work_order.updated`), each read as the documented plural it stands for. */
export const EVENT_TYPE_ALIASES: ReadonlyMap<string, EventType> = new Map(
  (ENTITY_EVENT_NAMES as readonly EntityEventType[]).map((type) => {
    const [collection, action] = type.split('.') as [keyof typeof SINGULAR_ENTITY_NAMES, string];
    return [`${SINGULAR_ENTITY_NAMES[collection]}.${action}`, type];
  }),
);

const definitions: readonly EventDefinition[] = [
  syncCompleted,
  syncFailed,
  connectionAuthRequired,
  connectionStatusChanged,
  systemError,
  ...entityEvents,
  flowCustom,
];

/** The catalog: one entry per type, in {@link EVENT_TYPES} order. */
export const eventCatalog: readonly EventDefinition[] = EVENT_TYPES.map((type) => {
  const definition = definitions.find((d) => d.type === type);
  // A type listed without a definition is a programming error: fail at load, not at first use.
  if (!definition) throw new Error(`event catalog: no definition for '${type}'`);
  return definition;
});

/** True when `type` is one of the catalog's types as documented (an alias is not). */
export function isEventType(type: unknown): type is EventType {
  return typeof type === 'string' && (EVENT_TYPES as readonly string[]).includes(type);
}

/** The catalog type `name` means: itself, or the documented name an alias stands for. */
export function resolveEventType(name: unknown): EventType | undefined {
  if (isEventType(name)) return name;
  return typeof name === 'string' ? EVENT_TYPE_ALIASES.get(name) : undefined;
}

/** Whether `type` is an entity event (sent in either envelope), not one of the FAQ's or Flows'. */
export function isEntityEventType(type: EventType): type is EntityEventType {
  return ENTITY_EVENT_NAMES.includes(type);
}

/**
 * Where an event type comes from: Makini's webhook page (`entity`), its FAQ (`faq`, detailed
 * envelope only), or Makini Flows' custom webhooks (`flows`, detailed envelope only).
 */
export function eventOrigin(type: EventType): 'entity' | 'faq' | 'flows' {
  if (isEntityEventType(type)) return 'entity';
  return (FAQ_EVENT_NAMES as readonly string[]).includes(type) ? 'faq' : 'flows';
}

/** The aliases that stand for `type` (`work_order.updated` for `work_orders.updated`). */
export function aliasesOf(type: EventType): readonly string[] {
  return [...EVENT_TYPE_ALIASES].filter(([, to]) => to === type).map(([alias]) => alias);
}

/** The envelopes an event of `type` exists in; the first is the one it is sent in by default. */
export function envelopesOf(type: EventType): readonly EnvelopeName[] {
  return isEntityEventType(type)
    ? [DEFAULT_ENTITY_ENVELOPE, ...ENVELOPES.filter((e) => e !== DEFAULT_ENTITY_ENVELOPE)]
    : ['detailed'];
}

/** Thrown for a type the catalog does not know; `type` is what was asked for. */
export class UnknownEventTypeError extends TypedError {
  override readonly name = 'UnknownEventTypeError';
  readonly code = 'unknown_event_type';
  constructor(readonly type: string) {
    super(
      `Unknown event type '${type}'. Known types: ${EVENT_TYPES.join(', ')} (the singular names, such as work_order.updated, are accepted too).`,
    );
  }
}

/**
 * The catalog entry for `type` (or the type an alias stands for).
 * @throws UnknownEventTypeError when the type is not in the catalog.
 */
export function getEventDefinition(type: string): EventDefinition {
  const resolved = resolveEventType(type);
  const definition = resolved === undefined ? undefined : eventCatalog.find((d) => d.type === resolved);
  if (!definition) throw new UnknownEventTypeError(type);
  return definition;
}

export interface BuildEventOptions<TData> {
  /** Makes the sample (and the event id) reproducible. */
  readonly seed?: number;
  readonly connectionId?: string;
  /** The connection's provider (slug or name), for the samples that name one. */
  readonly provider?: string;
  /** Replaces the sample's `data` (callers validate it first; see validateEventData). */
  readonly data?: TData;
  /** When the event happens; defaults to now. */
  readonly now?: Date;
}

/**
 * An event of `type` with a realistic sample `data` (or the given one) in a fresh detailed envelope.
 * @throws UnknownEventTypeError when the type is not in the catalog.
 */
export function buildEvent<T extends EventType>(
  type: T,
  options: BuildEventOptions<EventDataByType[T]> = {},
): DetailedEnvelope<EventDataByType[T]> {
  const definition = getEventDefinition(type);
  const random = sampleRandom(options.seed);
  const now = options.now ?? new Date();
  const id = options.seed === undefined ? newEventId() : `evt_${random.token(24)}`;
  const connectionId = options.connectionId ?? random.key();
  const data =
    options.data ??
    (definition.sample({
      random,
      now,
      ...(options.provider ? { provider: providerSlug(options.provider) } : {}),
    }) as EventDataByType[T]);
  return { id, type, timestamp: isoSeconds(now), connection_id: connectionId, data };
}
