import type { SandboxState } from '../sandboxState';
import { EAM_COLLECTIONS } from './eamCatalog';
import { commit } from './eamWrites';
import type { SandboxData } from './sandboxData';

/** The collections whose changes Makini announces (`work_orders.updated` and the rest). */
const ANNOUNCED = EAM_COLLECTIONS.filter((c) => c.event !== undefined);

/**
 * Life's entity change: one record of a documented collection of the connection changes in the
 * customer's system (its `updatedAt` moves to now), is kept, and comes back as its entity webhook,
 * as an API write would. A read-only connection's data does not change.
 */
export function changeARecord(
  data: SandboxData,
  state: SandboxState,
  connectionKey: string,
  random: () => number,
  now: () => number,
): void {
  const collection = ANNOUNCED[Math.floor(random() * ANNOUNCED.length)];
  if (!collection) return;
  const eam = data.of(connectionKey);
  const size = eam.size(collection);
  if (size === 0) return;
  const index = Math.floor(random() * size);
  const current = eam.record(collection, index);
  if (!current) return;
  const record = { ...current };
  const changedFields: string[] = [];
  if ('updatedAt' in record) {
    record.updatedAt = new Date(now()).toISOString();
    changedFields.push('updatedAt');
  }
  commit(
    { connection: state.connection(connectionKey), data: eam, state },
    collection,
    index,
    { record, changedFields },
    { event: collection.event, record, inserted: false },
  );
}
