import type { SandboxChange, SandboxConnection } from './sandboxModels';
import type { SandboxWebhook } from './webhookDispatcher';

/**
 * The webhook a state change sends, or `undefined` for changes Makini does not announce.
 * The per-connection event configuration is applied by the caller.
 */
export function webhookForChange(
  change: SandboxChange,
  connection: SandboxConnection,
): SandboxWebhook | undefined {
  const base = { connectionId: connection.key };
  switch (change.kind) {
    case 'status':
      return {
        ...base,
        type: 'connection.status_changed',
        data: { status: change.status, previous_status: change.previous },
      };
    case 'online':
      return {
        ...base,
        type: 'connection.status_changed',
        data: { status: change.online ? 'online' : 'offline' },
      };
    case 'sync_finished':
      if (change.outcome === 'fail') {
        return {
          ...base,
          type: 'connection.auth_required',
          data: { reason: 'Invalid platform credentials.' },
        };
      }
      if (change.outcome === 'error') {
        return {
          ...base,
          type: 'sync.failed',
          data: { sync_status: 'error', error: 'The sync stopped with an error.' },
        };
      }
      return { ...base, type: 'sync.completed', data: { sync_status: change.outcome } };
    case 'credentials_rotated':
      return {
        ...base,
        type: 'connection.auth_required',
        data: { reason: `The ${connection.integrationName} credentials were changed.` },
      };
    case 'reauthorized':
      return {
        ...base,
        type: 'connection.status_changed',
        data: { status: 'online', reason: 'reauthorized' },
      };
    case 'flow':
      return { ...base, type: 'flow.custom', data: { flow: change.flow, payload: change.payload } };
    case 'sync_started':
    case 'event_types':
      return undefined;
  }
}

/** Whether a connection's event configuration lets `type` through (`null`: everything). */
export function connectionSends(connection: SandboxConnection, type: string): boolean {
  return connection.eventTypes === null || connection.eventTypes.includes(type);
}
