import { forEachBounded } from '../async/boundedConcurrency';
import { IDS_ENVELOPE_FIELDS } from '../contract/makiniContract';
import type { ReceiptRecord } from '../receiver/receiptRecord';
import { MakiniApiError } from './apiErrors';
import { type EamCollection, findEamCollection } from './eamCollections';
import type { EamRecord } from './eamModels';
import type { MakiniClient } from './makiniClient';

/** The most records one webhook's "Open records" fetches. */
export const MAX_NAMED_RECORDS = 200;

/** The records an entity webhook in the ids envelope names: `{event: "work_orders.updated", body: [ids]}`. */
export interface NamedRecords {
  readonly event: string;
  readonly collection: EamCollection;
  readonly ids: readonly string[];
}

/**
 * What a received webhook names, when it is an entity webhook of the ids envelope whose entity is
 * an EAM collection (connection statuses are not); `undefined` otherwise.
 */
export function recordsNamedBy(
  receipt: Pick<ReceiptRecord, 'envelope' | 'eventType' | 'body'>,
): NamedRecords | undefined {
  if (receipt.envelope !== 'ids' || receipt.eventType === undefined) return undefined;
  const collection = findEamCollection(receipt.eventType.split('.')[0] ?? '');
  if (!collection?.entity) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(receipt.body);
  } catch {
    return undefined; // Cut short in the log: nothing to name.
  }
  const body =
    typeof parsed === 'object' && parsed !== null
      ? (parsed as Record<string, unknown>)[IDS_ENVELOPE_FIELDS.body]
      : undefined;
  if (!Array.isArray(body)) return undefined;
  const ids = body.flatMap((id) =>
    typeof id === 'string' && id !== '' ? [id] : typeof id === 'number' ? [String(id)] : [],
  );
  return ids.length > 0 ? { event: receipt.eventType, collection, ids: [...new Set(ids)] } : undefined;
}

/** A named record the API does not have (any more): its key and the answer's request ID. */
export interface MissingRecord {
  readonly key: string;
  readonly status?: number;
  readonly requestId?: string;
}

/**
 * Fetches the records a webhook names (the first {@link MAX_NAMED_RECORDS}), a few at a time, in
 * the webhook's order. A record answered 404 is missing, not a failure.
 * @throws MakiniApiError for any other failure (the first one).
 */
export async function fetchNamedRecords(
  client: MakiniClient,
  connectionId: string,
  named: NamedRecords,
  signal?: AbortSignal,
): Promise<{ readonly records: readonly EamRecord[]; readonly missing: readonly MissingRecord[] }> {
  const ids = named.ids.slice(0, MAX_NAMED_RECORDS);
  const found = new Map<string, EamRecord>();
  const missing: MissingRecord[] = [];
  await forEachBounded(ids, 4, async (id) => {
    try {
      found.set(id, await client.eamRecord(connectionId, named.collection.name, id, { signal }));
    } catch (error) {
      if (!MakiniApiError.is(error, 'http') || error.status !== 404) throw error;
      missing.push({ key: id, status: error.status, requestId: error.requestId });
    }
  });
  const records = ids.flatMap((id) => {
    const record = found.get(id);
    return record ? [record] : [];
  });
  return { records, missing: missing.sort((a, b) => ids.indexOf(a.key) - ids.indexOf(b.key)) };
}
