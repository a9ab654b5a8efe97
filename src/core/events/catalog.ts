import { providerSlug } from './providers';
import { connectionAuthRequired, connectionStatusChanged } from './connectionEvents';
import type { AuthRequiredData, StatusChangedData } from './connectionEvents';
import { entityEvents, type EntityEventData } from './entityEvents';
import { newEventId, type WebhookEnvelope } from './envelope';
import type { EventDefinition } from './eventDefinition';
import { flowCustom, type FlowCustomData } from './flowEvents';
import { isoSeconds } from './schemaParts';
import { sampleRandom } from './sampleRandom';
import { syncCompleted, syncFailed, type SyncCompletedData, type SyncFailedData } from './syncEvents';
import { systemError, type SystemErrorData } from './systemEvents';
import { TypedError } from '../errors';

/** Every event type Makini sends, in the order tools list them. */
export const EVENT_TYPES = [
  'sync.completed',
  'sync.failed',
  'connection.auth_required',
  'connection.status_changed',
  'system.error',
  'work_order.inserted',
  'work_order.updated',
  'asset.inserted',
  'asset.updated',
  'site.inserted',
  'site.updated',
  'purchase_order.inserted',
  'purchase_order.updated',
  'flow.custom',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** The `data` each event type carries. */
export interface EventDataByType {
  'sync.completed': SyncCompletedData;
  'sync.failed': SyncFailedData;
  'connection.auth_required': AuthRequiredData;
  'connection.status_changed': StatusChangedData;
  'system.error': SystemErrorData;
  'work_order.inserted': EntityEventData;
  'work_order.updated': EntityEventData;
  'asset.inserted': EntityEventData;
  'asset.updated': EntityEventData;
  'site.inserted': EntityEventData;
  'site.updated': EntityEventData;
  'purchase_order.inserted': EntityEventData;
  'purchase_order.updated': EntityEventData;
  'flow.custom': FlowCustomData;
}

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

/** True when `type` is one of the catalog's types. */
export function isEventType(type: unknown): type is EventType {
  return typeof type === 'string' && (EVENT_TYPES as readonly string[]).includes(type);
}

/** Thrown for a type the catalog does not know; `type` is what was asked for. */
export class UnknownEventTypeError extends TypedError {
  override readonly name = 'UnknownEventTypeError';
  readonly code = 'unknown_event_type';
  constructor(readonly type: string) {
    super(`Unknown event type '${type}'. Known types: ${EVENT_TYPES.join(', ')}.`);
  }
}

/**
 * The catalog entry for `type`.
 * @throws UnknownEventTypeError when the type is not in the catalog.
 */
export function getEventDefinition(type: string): EventDefinition {
  const definition = isEventType(type) ? eventCatalog.find((d) => d.type === type) : undefined;
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
 * An event of `type` with a realistic sample `data` (or the given one) in a fresh envelope.
 * @throws UnknownEventTypeError when the type is not in the catalog.
 */
export function buildEvent<T extends EventType>(
  type: T,
  options: BuildEventOptions<EventDataByType[T]> = {},
): WebhookEnvelope<EventDataByType[T]> {
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
