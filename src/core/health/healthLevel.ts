/** One connection's health, worst-first in the order the editor sorts them. */
export const HEALTH_LEVELS = [
  'offline',
  'auth_required',
  'sync_error',
  'inactive',
  'pending',
  'syncing',
  'unknown',
  'healthy',
] as const;

export type HealthLevel = (typeof HEALTH_LEVELS)[number];

/** A level with the human reason for it. */
export interface Health {
  readonly level: HealthLevel;
  readonly reason: string;
  /** Judged from a webhook's news alone: the API read that confirms or refutes it is under way. */
  readonly checking?: boolean;
}

/** A webhook fact about a connection, as health rules read it. */
export interface HealthEvent {
  readonly type: string;
  /** When it happened, ms since the epoch. */
  readonly at: number;
  /** For `connection.status_changed`: `online` or `offline`. */
  readonly status?: string;
}

/** What is known of a connection when its health is judged. */
export interface HealthFacts {
  /** The connection status as Makini sent it (Active, Pending, ...), if listed yet. */
  readonly status?: string;
  /** `sync_status` from the integration, if read yet. */
  readonly syncStatus?: string;
  /** When that sync status was set, ms since the epoch. */
  readonly syncUpdatedAt?: number;
  /** Webhooks received since the status was last read (only the newest of each type matters). */
  readonly events: readonly HealthEvent[];
  /** Status calls that failed in a row. */
  readonly consecutiveFailures: number;
  /** The Makini API itself could not be reached on the last poll. */
  readonly apiUnreachable?: boolean;
}
