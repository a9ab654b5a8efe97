import type { RecordFacets } from './logKind';

/** A page of records, newest first, optionally filtered. */
export interface LogQuery {
  /** Records to skip from the newest end (after filtering). Default 0. */
  readonly offset?: number;
  /** Page size. Default 50. */
  readonly limit?: number;
  readonly type?: string;
  readonly connectionId?: string;
  readonly status?: number;
  readonly verified?: boolean;
  readonly duplicate?: boolean;
}

export interface LogPage<T> {
  readonly records: readonly T[];
  /** How many records match the filter in all (for paging). */
  readonly total: number;
}

/** Whether a record's facets pass every filter the query sets. */
export function matchesQuery(facets: RecordFacets, query: LogQuery): boolean {
  if (query.type !== undefined && facets.type !== query.type) return false;
  if (query.connectionId !== undefined && facets.connectionId !== query.connectionId) return false;
  if (query.status !== undefined && facets.status !== query.status) return false;
  if (query.verified !== undefined && (facets.verified ?? false) !== query.verified) return false;
  if (query.duplicate !== undefined && (facets.duplicate ?? false) !== query.duplicate) return false;
  return true;
}
