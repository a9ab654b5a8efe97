import type { DeliveryRecord } from './deliveryRecord';
import type { LogKind } from '../logStore/logKind';
import { hasFieldTypes } from '../logStore/recordShape';

const DELIVERY_FIELDS = {
  id: 'string',
  eventId: 'string',
  eventType: 'string',
  connectionId: 'string?', // an ids event sent for no connection has none
  url: 'string',
  status: 'string',
  createdAt: 'string',
  duplicate: 'object',
  attempts: 'array',
} as const;

/** Checks the fields the log and the HAR export rely on; the sender wrote the rest. */
function parseDelivery(value: unknown): DeliveryRecord | undefined {
  const ok =
    hasFieldTypes(value, DELIVERY_FIELDS) &&
    (value.attempts as unknown[]).every((a) => typeof a === 'object' && a !== null && 'request' in a);
  return ok ? (value as unknown as DeliveryRecord) : undefined;
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
