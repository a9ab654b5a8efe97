/** The two record streams the log keeps, one set of files each. */
export type LogKindName = 'deliveries' | 'receipts';

/**
 * The few fields of a record that queries filter on. The store keeps these in memory and the
 * record itself as its JSON line, so a large log stays small in memory.
 */
export interface RecordFacets {
  readonly id: string;
  /** ISO-8601 time the record was made. */
  readonly time: string;
  readonly type?: string;
  readonly connectionId?: string;
  /** The HTTP status that ended the exchange (the receiver's answer, or the delivery's last attempt). */
  readonly status?: number;
  /** True when a signature was checked and matched, false when it failed; absent when unsigned. */
  readonly verified?: boolean;
  readonly duplicate?: boolean;
}

/** How the store reads and indexes one kind of record. */
export interface LogKind<T> {
  readonly name: LogKindName;
  /** Validates a parsed JSON line; `undefined` marks the line corrupt (it is skipped and counted). */
  parse(value: unknown): T | undefined;
  facets(record: T): RecordFacets;
}
