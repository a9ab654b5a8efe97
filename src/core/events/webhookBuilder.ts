import type { EnvelopeName } from '../contract/makiniContract';
import {
  buildEvent,
  type BuildEventOptions,
  type EventDataByType,
  type EventType,
  envelopesOf,
  isEntityEventType,
} from './catalog';
import { detailedWebhook, idsWebhook, type Webhook } from './envelope';
import { TypedError } from '../errors';

/** Thrown when an event is asked for in an envelope it does not exist in (a FAQ event as `ids`). */
export class EnvelopeNotAvailableError extends TypedError {
  override readonly name = 'EnvelopeNotAvailableError';
  readonly code = 'envelope_not_available';
  constructor(
    readonly type: EventType,
    readonly envelope: EnvelopeName,
  ) {
    super(
      `'${type}' exists only in the ${envelopesOf(type).join(' or ')} envelope, not '${envelope}': the documented ids envelope is for entity events (such as assets.updated). Drop the envelope choice, or ask for 'detailed'.`,
    );
  }
}

export interface BuildWebhookOptions<TData> extends BuildEventOptions<TData> {
  /**
   * The envelope asked for explicitly (a flag): an event that does not exist in it is an error.
   * Absent, entity events use `entityEnvelope` and every other event the detailed one.
   */
  readonly envelope?: EnvelopeName;
  /** The envelope entity events are sent in when none is asked for (a setting); ids by default. */
  readonly entityEnvelope?: EnvelopeName;
  /** The ids the `ids` envelope lists (default: the sample record's key). */
  readonly ids?: readonly string[];
}

/**
 * An event of `type`, shaped in the envelope asked for or its default: the documented `ids`
 * envelope (`{event, body: [ids]}`) for entity events, the detailed one for the others.
 * @throws UnknownEventTypeError when the type is not in the catalog.
 * @throws EnvelopeNotAvailableError when `envelope` is one the type does not exist in.
 */
export function buildWebhook<T extends EventType>(
  type: T,
  options: BuildWebhookOptions<EventDataByType[T]> = {},
): Webhook {
  const available = envelopesOf(type);
  if (options.envelope !== undefined && !available.includes(options.envelope))
    throw new EnvelopeNotAvailableError(type, options.envelope);
  const envelope =
    options.envelope ?? (isEntityEventType(type) ? (options.entityEnvelope ?? available[0]) : 'detailed');
  const event = buildEvent(type, options);
  if (envelope === 'detailed') return detailedWebhook(event);
  const key = (event.data as { readonly key?: unknown }).key;
  const ids = options.ids ?? (typeof key === 'string' ? [key] : []);
  return idsWebhook({ event: type, body: [...ids] }, event.id, options.connectionId);
}
