import type { DeliveryRecord } from '../../core/sender/deliveryRecord';
import type { DeliveryService } from './deliveryService';
import { UserError } from '../userError';

/** The delivery a command was invoked on: a tree node `{id}` / `{deliveryId}` or a delivery id. */
export function deliveryFrom(deliveries: Pick<DeliveryService, 'get'>, target: unknown): DeliveryRecord {
  const id =
    typeof target === 'string'
      ? target
      : typeof target === 'object' && target !== null && 'id' in target && typeof target.id === 'string'
        ? target.id
        : typeof target === 'object' &&
            target !== null &&
            'deliveryId' in target &&
            typeof target.deliveryId === 'string'
          ? target.deliveryId
          : undefined;
  const record = id === undefined ? undefined : deliveries.get(id);
  if (!record) throw new UserError('noSelection', 'Pick a delivery in the Webhook Deliveries view first.');
  return record;
}
