import type { SystemErrorData } from '../events/systemEvents';
import type { EntityAction, EntityCollection } from '../contract/makiniContract';
import type { EntityRecord } from '../events/entityRecordSamples';

/** Makini's documented `sync_status` values (oas3_system.json, `GET /api/integrations/current`). */
export const SYNC_STATUSES = ['inprogress', 'done', 'fulldone', 'error', 'fail'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

/** The connection statuses in Makini's current docs. */
export const CONNECTION_STATUSES = ['Pending', 'Synchronizing', 'In progress', 'Active', 'Inactive'] as const;

/** How a sandbox sync run ends. */
export type SyncOutcome = 'done' | 'fulldone' | 'error' | 'fail';

/** One connection as the sandbox holds it (a superset of what the API shows). */
export interface SandboxConnection {
  readonly key: string;
  readonly name: string;
  readonly email: string;
  /** Makini's provider slug, e.g. `sap_pm`. */
  readonly provider: string;
  /** The human name of the integration, e.g. `SAP PM`. */
  readonly integrationName: string;
  /** A connection status; kept as a string since the sandbox can be told any value. */
  readonly status: string;
  readonly syncStatus: SyncStatus;
  readonly syncUpdatedAt: string;
  /** Whether the customer system answers; `false` makes status calls fail with 503. */
  readonly online: boolean;
  /** `false` after a credentials rotation, until the connection is reauthorized. */
  readonly credentialsValid: boolean;
  /**
   * Like Makini's sandbox connections: writes answer success and change nothing (no webhook).
   */
  readonly readOnly: boolean;
  /** Event types this connection sends, or `null` for all of them. */
  readonly eventTypes: readonly string[] | null;
  readonly tags: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly connectedAt: string | null;
}

/** Something that changed in the sandbox; each maps to at most one webhook (see sandboxWebhooks.ts). */
export type SandboxChange =
  | { readonly kind: 'status'; readonly key: string; readonly status: string; readonly previous: string }
  | { readonly kind: 'online'; readonly key: string; readonly online: boolean }
  | { readonly kind: 'sync_started'; readonly key: string }
  | {
      readonly kind: 'sync_finished';
      readonly key: string;
      readonly outcome: SyncStatus;
    }
  | { readonly kind: 'credentials_rotated'; readonly key: string }
  | { readonly kind: 'reauthorized'; readonly key: string }
  | { readonly kind: 'system_error'; readonly key: string; readonly report: SystemErrorData }
  | { readonly kind: 'event_types'; readonly key: string; readonly eventTypes: readonly string[] | null }
  | { readonly kind: 'read_only'; readonly key: string; readonly readOnly: boolean }
  | { readonly kind: 'created'; readonly key: string }
  | { readonly kind: 'deleted'; readonly key: string }
  | {
      readonly kind: 'entity';
      readonly key: string;
      readonly collection: EntityCollection;
      readonly action: EntityAction;
      readonly record: EntityRecord;
      /** On `updated`: the record's fields that changed. */
      readonly changedFields?: readonly string[];
    }
  | {
      readonly kind: 'flow';
      readonly key: string;
      readonly flow: string;
      readonly payload: Readonly<Record<string, unknown>>;
    };
