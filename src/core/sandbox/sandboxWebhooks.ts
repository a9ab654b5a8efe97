import { randomBytes } from 'node:crypto';
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
  const connectionId = connection.key;
  const at = context.now.toISOString();
  const provider = connection.provider;
  const started = new Date(context.now.getTime() - 42_000).toISOString();
  const syncId = `sync_${randomBytes(8).toString('hex')}`;
  switch (change.kind) {
    case 'online':
      return {
        type: 'connection.status_changed',
        connectionId,
        data: {
          previous_status: change.online ? 'offline' : 'online',
          status: change.online ? 'online' : 'offline',
          reason: change.online
            ? 'The platform API answers again.'
            : `${connection.integrationName} does not answer.`,
          changed_at: at,
        },
      };
    case 'credentials_rotated':
    case 'sync_finished':
      if (change.kind === 'credentials_rotated' || change.outcome === 'fail') {
        const rotated = change.kind === 'credentials_rotated';
        return {
          type: 'connection.auth_required',
          connectionId,
          data: {
            reason: rotated ? 'credentials_changed' : 'invalid_credentials',
            message: rotated
              ? `The ${connection.integrationName} credentials were changed in the platform.`
              : 'Authentication error: invalid platform credentials.',
            provider,
            reauthorization_url: `${context.baseUrl}/link/reauthorize/${encodeURIComponent(connectionId)}`,
            detected_at: at,
          },
        };
      }
      if (change.outcome === 'error') {
        return {
          type: 'sync.failed',
          connectionId,
          data: {
            sync_id: syncId,
            provider,
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
      return syncCompleted(connectionId, provider, syncId, started, at, change.outcome === 'fulldone');
    case 'reauthorized':
      // Reconnecting runs a sync straight away; its success is what Makini announces.
      return syncCompleted(connectionId, provider, syncId, started, at, false);
    case 'flow':
      return {
        type: 'flow.custom',
        connectionId,
        data: {
          flow_id: `flow_${randomBytes(6).toString('hex')}`,
          flow_name: change.flow,
          payload: change.payload,
        },
      };
    case 'status':
    case 'sync_started':
    case 'event_types':
      return undefined;
  }
}

function syncCompleted(
  connectionId: string,
  provider: string,
  syncId: string,
  started: string,
  at: string,
  full: boolean,
): SandboxWebhook {
  return {
    type: 'sync.completed',
    connectionId,
    data: {
      sync_id: syncId,
      provider,
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
