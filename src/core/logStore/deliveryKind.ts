import type { DeliveryRecord } from '../sender/deliveryRecord';
import type { LogKind } from './logKind';

/** Checks the fields the log and the HAR export rely on; the sender wrote the rest. */
function parseDelivery(value: unknown): DeliveryRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const ok =
    typeof v.id === 'string' &&
    typeof v.eventId === 'string' &&
    typeof v.eventType === 'string' &&
    typeof v.connectionId === 'string' &&
    typeof v.url === 'string' &&
    typeof v.status === 'string' &&
    typeof v.createdAt === 'string' &&
    typeof v.duplicate === 'object' &&
    v.duplicate !== null &&
    Array.isArray(v.attempts) &&
    v.attempts.every((a: unknown) => typeof a === 'object' && a !== null && 'request' in a);
  return ok ? (value as DeliveryRecord) : undefined;
}

/** How the log store reads and indexes the sender's delivery records. */
export const deliveryKind: LogKind<DeliveryRecord> = {
  name: 'deliveries',
  parse: parseDelivery,
  facets: (d) => ({
    id: d.id,
    time: d.createdAt,
    type: d.eventType,
    connectionId: d.connectionId,
    status: d.attempts.at(-1)?.response?.status,
    duplicate: d.duplicate.index > 1,
  }),
};
