import { CodedError } from '../errors';
import { EVENT_TYPES, type EventType, resolveEventType } from '../events/catalog';
import type { ReceiptRecord } from '../receiver/receiptRecord';
import type { DeliveryRecord } from '../sender/deliveryRecord';
import type { LogKindName } from './logKind';
import type { LogQuery } from './logQuery';

// One filter for the CLI's `log` and the editor's views, so both read a status the same way.

/** The statuses a delivery filter takes: `retrying` is a delivery still in progress. */
export const DELIVERY_FILTER_STATUSES = ['delivered', 'failed', 'retrying', 'cancelled'] as const;
/** The statuses a receipt filter takes: `unverified` was accepted with no secret to check. */
export const RECEIPT_FILTER_STATUSES = ['verified', 'unverified', 'refused', 'duplicate'] as const;

export type DeliveryFilterStatus = (typeof DELIVERY_FILTER_STATUSES)[number];
export type ReceiptFilterStatus = (typeof RECEIPT_FILTER_STATUSES)[number];

export const FILTER_STATUSES = {
  deliveries: DELIVERY_FILTER_STATUSES,
  receipts: RECEIPT_FILTER_STATUSES,
} as const satisfies Record<LogKindName, readonly string[]>;

/** What a view or `makini-devtools log` shows; every field left out lets every record through. */
export interface RecordFilter {
  readonly type?: EventType;
  readonly connection?: string;
  readonly status?: string;
  /** ISO 8601: records made at or after it. */
  readonly since?: string;
  /** Case-insensitive text anywhere in the ids, type, connection, URL or path, and bodies. */
  readonly text?: string;
}

/** The filter as typed by a user: each value still unchecked. */
export interface FilterInput {
  readonly type?: string;
  readonly connection?: string;
  readonly status?: string;
  readonly since?: string;
  readonly text?: string;
}

export type RecordFilterErrorCode = 'unknown_type' | 'unknown_status' | 'bad_since';

/** A filter value that means nothing; the message lists the values that do. */
export class RecordFilterError extends CodedError<RecordFilterErrorCode> {
  override readonly name = 'RecordFilterError';
}

const SINCE_UNITS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * The ISO time `since` stands for: an age (`30s`, `10m`, `2h`, `1d`) back from `now`, or a date.
 * @throws RecordFilterError (`bad_since`) for anything else.
 */
export function parseSince(since: string, now: Date): string {
  const age = /^(\d+)([smhd])$/.exec(since.trim());
  if (age?.[1] !== undefined && age[2] !== undefined)
    return new Date(now.getTime() - Number(age[1]) * (SINCE_UNITS[age[2]] ?? 0)).toISOString();
  const time = /^\d{4}-\d{2}-\d{2}/.test(since) ? Date.parse(since) : Number.NaN;
  if (Number.isNaN(time))
    throw new RecordFilterError(
      'bad_since',
      `'${since}' is not an age or a time: give one such as 30s, 10m, 2h, 1d, or a date such as 2024-05-01T10:00:00Z.`,
    );
  return new Date(time).toISOString();
}

/**
 * Checks a typed filter: a type may be an alias (`work_order.updated`), read as the documented
 * name; a status must be one of `kind`'s.
 * @throws RecordFilterError naming the values that exist, for an unknown type or status or a bad since.
 */
export function parseRecordFilter(kind: LogKindName, input: FilterInput, now: Date): RecordFilter {
  let type: EventType | undefined;
  if (input.type !== undefined) {
    type = resolveEventType(input.type);
    if (type === undefined)
      throw new RecordFilterError(
        'unknown_type',
        `Unknown event type '${input.type}'. Known types: ${EVENT_TYPES.join(', ')} (singular names such as work_order.updated are read as the documented plural).`,
      );
  }
  const statuses: readonly string[] = FILTER_STATUSES[kind];
  if (input.status !== undefined && !statuses.includes(input.status))
    throw new RecordFilterError(
      'unknown_status',
      `Unknown ${kind} status '${input.status}'. The ${kind} statuses are: ${statuses.join(', ')}.`,
    );
  const text = input.text?.trim();
  return {
    ...(type !== undefined ? { type } : {}),
    ...(input.connection !== undefined && input.connection !== '' ? { connection: input.connection } : {}),
    ...(input.status !== undefined ? { status: input.status } : {}),
    ...(input.since !== undefined ? { since: parseSince(input.since, now) } : {}),
    ...(text ? { text } : {}),
  };
}

/** The part of a filter the log store's index answers (type and connection). */
export function indexedQuery(filter: RecordFilter): LogQuery {
  return {
    ...(filter.type !== undefined ? { type: filter.type } : {}),
    ...(filter.connection !== undefined ? { connectionId: filter.connection } : {}),
  };
}

/** What a delivery's status filter calls it. */
export function deliveryFilterStatus(d: Pick<DeliveryRecord, 'status'>): DeliveryFilterStatus {
  return d.status === 'delivering' ? 'retrying' : d.status;
}

const is2xx = (status: number): boolean => status >= 200 && status < 300;

/** What a receipt's status filter calls it, read from the verdict the receiver decided. */
export function receiptFilterStatus(
  r: Pick<ReceiptRecord, 'verdict' | 'verified' | 'duplicate' | 'status'>,
): ReceiptFilterStatus {
  switch (r.verdict.outcome) {
    case 'verified':
      return 'verified';
    case 'accepted_unverified':
      return 'unverified';
    case 'duplicate':
      return 'duplicate';
    case 'forwarded':
      // Relayed: what the receiver itself answered and checked decides, as for any other receipt.
      if (!is2xx(r.status)) return 'refused';
      if (r.duplicate) return 'duplicate';
      return r.verified ? 'verified' : 'unverified';
    default:
      return 'refused';
  }
}

function common(
  filter: RecordFilter,
  facts: { time: string; type?: string; connection?: string; status: string },
  texts: readonly (string | undefined)[],
): boolean {
  if (filter.type !== undefined && facts.type !== filter.type) return false;
  if (filter.connection !== undefined && facts.connection !== filter.connection) return false;
  if (filter.status !== undefined && facts.status !== filter.status) return false;
  if (filter.since !== undefined && facts.time < filter.since) return false;
  if (filter.text === undefined) return true;
  const needle = filter.text.toLowerCase();
  return texts.some((t) => t?.toLowerCase().includes(needle) === true);
}

/** Whether a delivery passes every part of the filter. */
export function matchesDelivery(d: DeliveryRecord, filter: RecordFilter): boolean {
  const last = d.attempts.at(-1);
  return common(
    filter,
    { time: d.createdAt, type: d.eventType, connection: d.connectionId, status: deliveryFilterStatus(d) },
    [d.id, d.eventId, d.eventType, d.connectionId, d.url, d.attempts[0]?.request.body, last?.response?.body],
  );
}

/** Whether a receipt passes every part of the filter. */
export function matchesReceipt(r: ReceiptRecord, filter: RecordFilter): boolean {
  return common(
    filter,
    { time: r.time, type: r.eventType, connection: r.connectionId, status: receiptFilterStatus(r) },
    [r.id, r.eventId, r.eventType, r.connectionId, r.path, r.body, r.reason, r.message],
  );
}

/** Whether the filter sets anything. */
export function isFiltering(filter: RecordFilter): boolean {
  return Object.values(filter).some((v) => v !== undefined);
}

/** The filter in a few words, for a view's description: `failed · work_orders.updated · "wo-7"`. */
export function describeFilter(filter: RecordFilter): string {
  return [
    filter.status,
    filter.type,
    filter.connection,
    filter.since !== undefined ? `since ${filter.since}` : undefined,
    filter.text !== undefined ? `"${filter.text}"` : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(' · ');
}

const FILTER_WORDS = ['type', 'connection', 'status', 'since'] as const;

/**
 * A filter as typed in one line: `status:failed type:work_order.updated connection:conn_1 since:10m`,
 * any other words being the free text. The values are checked by {@link parseRecordFilter}.
 */
export function parseFilterText(line: string): FilterInput {
  const input: Record<string, string> = {};
  const text: string[] = [];
  for (const word of line.trim().split(/\s+/).filter(Boolean)) {
    const [name, ...rest] = word.split(':');
    const key = FILTER_WORDS.find((w) => w === name?.toLowerCase());
    if (key !== undefined && rest.length > 0) input[key] = rest.join(':');
    else text.push(word);
  }
  return { ...input, ...(text.length > 0 ? { text: text.join(' ') } : {}) };
}

/** A filter written back as the line {@link parseFilterText} reads. */
export function filterText(filter: RecordFilter): string {
  return [
    ...FILTER_WORDS.map((w) => (filter[w] !== undefined ? `${w}:${filter[w]}` : undefined)),
    filter.text,
  ]
    .filter((part) => part !== undefined)
    .join(' ');
}
