import * as fs from 'node:fs';
import { LogStore } from '../core/logStore/logStore';
import { type ReceiptRecord, receiptKind } from '../core/receiver/receiptRecord';
import { deliveryKind } from '../core/sender/deliveryKind';
import { attemptBodyBytes, type DeliveryRecord } from '../core/sender/deliveryRecord';
import { exactReceiptBody } from '../core/sender/receiptReplay';
import { countOf } from '../core/text/plural';

/** Where the editor keeps the same log, to name in the messages. */
const EDITOR_LOG =
  "the editor's log is the folder logs in its global storage, e.g. " +
  '~/.config/Code/User/globalStorage/makini-devtools.makini-devtools/logs';

/** How to point `--log-dir` at records, for every message that found none. */
export const LOG_DIR_HINT =
  'Give --log-dir the folder that `listen --log-dir DIR` or `trigger --log-dir DIR` wrote; ' +
  `${EDITOR_LOG}.`;

/** The newest of `records` that carried event `eventId`. */
function newestWithEvent<T extends { readonly eventId?: string }>(
  store: LogStore<T>,
  eventId: string,
  time: (record: T) => string,
): T | undefined {
  const { records } = store.query({ limit: store.size });
  return records.filter((r) => r.eventId === eventId).sort((a, b) => time(b).localeCompare(time(a)))[0];
}

type Found = { readonly receipt: ReceiptRecord } | { readonly delivery: DeliveryRecord };

/** The record `id` names: a receipt or delivery id first, else the newest one with that event id. */
function findRecord(
  receipts: LogStore<ReceiptRecord>,
  deliveries: LogStore<DeliveryRecord>,
  id: string,
): Found | undefined {
  const receipt = receipts.get(id);
  if (receipt) return { receipt };
  const delivery = deliveries.get(id);
  if (delivery) return { delivery };
  const byEvent = newestWithEvent(receipts, id, (r) => r.time);
  const sentEvent = newestWithEvent(deliveries, id, (d) => d.createdAt);
  if (byEvent && (!sentEvent || byEvent.time >= sentEvent.createdAt)) return { receipt: byEvent };
  return sentEvent ? { delivery: sentEvent } : undefined;
}

/**
 * The bytes the receipt or delivery `id` carried, exactly as recorded; `id` may be a receipt id
 * (`rcpt_…`), a delivery id (`dlv_…`) or an event id (`evt_…`, its newest record).
 * @throws Error when `logDir` is missing, holds no records, or none with that id; saying where it
 * looked and how to point `--log-dir` elsewhere.
 * @throws ReceiptReplayError when the receipt kept only part of its body.
 */
export function recordedBytes(logDir: string, id: string, warn: (m: string) => void): Buffer {
  if (!fs.existsSync(logDir)) throw new Error(`There is no folder ${logDir} (--log-dir). ${LOG_DIR_HINT}`);
  const receipts = LogStore.open({ dir: logDir, kind: receiptKind, onWarning: warn });
  const deliveries = LogStore.open({ dir: logDir, kind: deliveryKind, onWarning: warn });
  try {
    if (receipts.size === 0 && deliveries.size === 0)
      throw new Error(`${logDir} (--log-dir) holds no receipts or deliveries. ${LOG_DIR_HINT}`);
    const found = findRecord(receipts, deliveries, id);
    if (found && 'receipt' in found) return exactReceiptBody(found.receipt);
    const request = found?.delivery.attempts[0]?.request;
    if (request) return attemptBodyBytes(request);
    throw new Error(
      `No receipt, delivery or event with id '${id}' among the ${countOf(receipts.size, 'receipt')} and ` +
        `${countOf(deliveries.size, 'delivery', 'deliveries')} in ${logDir} (--log-dir). Check the id (listen and trigger ` +
        `print it) and the folder. ${LOG_DIR_HINT}`,
    );
  } finally {
    receipts.close();
    deliveries.close();
  }
}
