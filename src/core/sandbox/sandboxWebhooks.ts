import { randomBytes } from 'node:crypto';
import { SINGULAR_ENTITY_NAMES } from '../contract/makiniContract';
import type { EventDataByType, EventType } from '../events/catalog';
import type { SandboxChange, SandboxConnection } from './sandboxModels';

/** A webhook the sandbox wants sent: a catalog type, its connection, and data valid for the type. */
export type SandboxWebhook = {
  [T in EventType]: { readonly type: T; readonly connectionId: string; readonly data: EventDataByType[T] };
}[EventType];

/** What building a webhook needs besides the change. */
export interface WebhookContext {
  /** The sandbox's base URL (no trailing slash), for reauthorization links. */
  readonly baseUrl: string;
  readonly now: Date;
}

const ENTITIES = ['work_order', 'asset', 'site', 'purchase_order'] as const;

/** The facts every webhook of one change shares. */
interface Moment {
  readonly connection: SandboxConnection;
  readonly context: WebhookContext;
  readonly at: string;
  readonly started: string;
  readonly syncId: string;
}

/**
 * The webhook a state change sends, with data shaped as the event catalog defines it, or
 * `undefined` for changes no catalog event announces (a sync starting, a status such as
 * Inactive that is not online/offline, a new event configuration).
 */
export function webhookForChange(
  change: SandboxChange,
  connection: SandboxConnection,
  context: WebhookContext,
): SandboxWebhook | undefined {
  const moment: Moment = {
    connection,
    context,
    at: context.now.toISOString(),
    started: new Date(context.now.getTime() - 42_000).toISOString(),
    syncId: `sync_${randomBytes(8).toString('hex')}`,
  };
  switch (change.kind) {
    case 'online':
      return statusChanged(moment, change.online);
    case 'credentials_rotated':
      return authRequired(moment, true);
    case 'sync_finished':
      if (change.outcome === 'fail') return authRequired(moment, false);
      if (change.outcome === 'error') return syncFailed(moment);
      return syncCompleted(moment, change.outcome === 'fulldone');
    case 'reauthorized':
      // Reconnecting runs a sync straight away; its success is what Makini announces.
      return syncCompleted(moment, false);
    case 'system_error':
      return { type: 'system.error', connectionId: connection.key, data: change.report };
    case 'flow':
      return {
        type: 'flow.custom',
        connectionId: connection.key,
        data: {
          flow_id: `flow_${randomBytes(6).toString('hex')}`,
          flow_name: change.flow,
          payload: change.payload,
        },
      };
    case 'entity':
      return entityChanged(moment, change);
    case 'status':
    case 'sync_started':
    case 'event_types':
    case 'read_only':
    case 'created':
    case 'deleted':
      return undefined;
  }
}

/** A record written through the EAM API, as its documented entity event (`work_orders.updated`). */
function entityChanged(
  { connection }: Moment,
  change: Extract<SandboxChange, { kind: 'entity' }>,
): SandboxWebhook {
  const changed = change.changedFields ?? [];
  return {
    type: `${change.collection}.${change.action}`,
    connectionId: connection.key,
    data: {
      entity: SINGULAR_ENTITY_NAMES[change.collection],
      key: change.record.key,
      record: change.record,
      ...(change.action === 'updated' && changed.length > 0 ? { changed_fields: changed } : {}),
    },
  };
}

function statusChanged({ connection, at }: Moment, online: boolean): SandboxWebhook {
  return {
    type: 'connection.status_changed',
    connectionId: connection.key,
    data: {
      previous_status: online ? 'offline' : 'online',
      status: online ? 'online' : 'offline',
      reason: online ? 'The platform API answers again.' : `${connection.integrationName} does not answer.`,
      changed_at: at,
    },
  };
}

/** Credentials changed in the platform (`rotated`), or a sync that failed on them. */
function authRequired({ connection, context, at }: Moment, rotated: boolean): SandboxWebhook {
  return {
    type: 'connection.auth_required',
    connectionId: connection.key,
    data: {
      reason: rotated ? 'credentials_changed' : 'invalid_credentials',
      message: rotated
        ? `The ${connection.integrationName} credentials were changed in the platform.`
        : 'Authentication error: invalid platform credentials.',
      provider: connection.provider,
      reauthorization_url: `${context.baseUrl}/link/reauthorize/${encodeURIComponent(connection.key)}`,
      detected_at: at,
    },
  };
}

function syncFailed({ connection, at, started, syncId }: Moment): SandboxWebhook {
  return {
    type: 'sync.failed',
    connectionId: connection.key,
    data: {
      sync_id: syncId,
      provider: connection.provider,
      mode: 'incremental',
      started_at: started,
      failed_at: at,
      error: {
        code: 'PLATFORM_ERROR',
        message: `${connection.integrationName} answered an error during the sync.`,
      },
      affected_entities: ['work_order'],
      will_retry: false,
    },
  };
}

function syncCompleted({ connection, at, started, syncId }: Moment, full: boolean): SandboxWebhook {
  return {
    type: 'sync.completed',
    connectionId: connection.key,
    data: {
      sync_id: syncId,
      provider: connection.provider,
      mode: full ? 'full' : 'incremental',
      started_at: started,
      completed_at: at,
      duration_ms: 42_000,
      entities: ENTITIES.map((entity, i) => ({ entity, inserted: i, updated: 3 * i + 1, failed: 0 })),
    },
  };
}

/** Whether a connection's event configuration lets `type` through (`null`: everything). */
export function connectionSends(connection: SandboxConnection, type: string): boolean {
  return connection.eventTypes === null || connection.eventTypes.includes(type);
}
