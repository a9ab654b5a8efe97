import type { HealthEvent } from './healthLevel';

/** Event types health rules read; others are ignored. */
const HEALTH_EVENT_TYPES = new Set([
  'sync.completed',
  'sync.failed',
  'connection.auth_required',
  'connection.status_changed',
]);

/**
 * Reads a webhook envelope (`{type, timestamp, connection_id, data}`, still `unknown`) into a health
 * fact, or `undefined` when it is not an event health cares about or is not well formed.
 */
export function healthEventFromWebhook(
  envelope: unknown,
): { connectionId: string; event: HealthEvent } | undefined {
  if (typeof envelope !== 'object' || envelope === null) return undefined;
  const { type, timestamp, connection_id: connectionId, data } = envelope as Record<string, unknown>;
  if (typeof type !== 'string' || !HEALTH_EVENT_TYPES.has(type)) return undefined;
  if (typeof connectionId !== 'string' || connectionId === '') return undefined;
  const at = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(at)) return undefined;
  const status =
    typeof data === 'object' && data !== null && typeof (data as Record<string, unknown>).status === 'string'
      ? ((data as Record<string, unknown>).status as string)
      : undefined;
  return { connectionId, event: { type, at, status } };
}
