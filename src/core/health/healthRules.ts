import type { Health, HealthEvent, HealthFacts } from './healthLevel';
import { normalizeStatus, normalizeSyncStatus } from './normalizeStatus';

/**
 * Webhook facts are news to confirm, not health: the monitor keeps them only until the API is read
 * again, and the reason says so.
 */
const CHECKING = 'reported by webhook, checking…';

export interface HealthRuleOptions {
  /** Status calls failing this many times in a row make a connection `offline`. */
  readonly offlineAfterFailures?: number;
}

/**
 * Maps what is known of a connection to one health level with a human reason. Pure: the same
 * facts always give the same answer. A webhook counts only when newer than the last success.
 */
export function evaluateHealth(facts: HealthFacts, options: HealthRuleOptions = {}): Health {
  const offlineAfter = options.offlineAfterFailures ?? 3;
  if (facts.apiUnreachable) return { level: 'unknown', reason: 'The Makini API cannot be reached.' };
  const status = normalizeStatus(facts.status);
  const sync = normalizeSyncStatus(facts.syncStatus);
  const lastSuccess = lastSuccessAt(facts, sync);
  const newer = (type: string): HealthEvent | undefined => {
    const event = newest(facts.events, type);
    return event && (lastSuccess === undefined || event.at > lastSuccess) ? event : undefined;
  };

  if (facts.status === undefined && facts.syncStatus === undefined && facts.events.length === 0) {
    return { level: 'unknown', reason: 'Not checked yet.' };
  }
  if (status === 'inactive')
    return { level: 'inactive', reason: 'Inactive: the Makini account is out of credits.' };
  if (status === 'pending')
    return { level: 'pending', reason: 'Pending: the connection setup is not finished.' };
  if (newer('connection.status_changed')?.status === 'offline') {
    // A read that failed after the webhook confirms it: the customer's system does not answer.
    if (facts.consecutiveFailures > 0) {
      return { level: 'offline', reason: 'A webhook reported it, and its status could not be read.' };
    }
    return { level: 'offline', reason: `Offline ${CHECKING}`, checking: true };
  }
  if (facts.consecutiveFailures >= offlineAfter) {
    return {
      level: 'offline',
      reason: `Its status could not be read ${facts.consecutiveFailures === 1 ? 'once' : `${facts.consecutiveFailures} times in a row`}.`,
    };
  }
  if (sync === 'fail')
    return { level: 'auth_required', reason: 'Invalid platform credentials: reauthorize it.' };
  if (newer('connection.auth_required')) {
    return {
      level: 'auth_required',
      reason: `Needs reauthorization (connection.auth_required) ${CHECKING}`,
      checking: true,
    };
  }
  if (sync === 'error') return { level: 'sync_error', reason: 'The last sync ended with an error.' };
  if (newer('sync.failed')) {
    return { level: 'sync_error', reason: `A sync failed (sync.failed) ${CHECKING}`, checking: true };
  }
  if (status === 'synchronizing' || status === 'in progress' || sync === 'inprogress') {
    return { level: 'syncing', reason: 'A sync is running.' };
  }
  if (facts.status !== undefined && status === undefined) {
    return { level: 'unknown', reason: `Status '${facts.status}' is not one Makini documents.` };
  }
  if (facts.syncStatus !== undefined && sync === undefined) {
    return { level: 'unknown', reason: `Sync status '${facts.syncStatus}' is not one Makini documents.` };
  }
  if (status === 'active' && (sync === 'done' || sync === 'fulldone')) {
    return {
      level: 'healthy',
      reason:
        sync === 'fulldone' ? 'Active; the last full sync finished.' : 'Active; the last sync finished.',
    };
  }
  return { level: 'unknown', reason: 'Its sync status has not been read yet.' };
}

function newest(events: readonly HealthEvent[], type: string): HealthEvent | undefined {
  let found: HealthEvent | undefined;
  for (const event of events) if (event.type === type && (!found || event.at >= found.at)) found = event;
  return found;
}

/** The newest sign that things worked: a finished sync, a sync.completed, or coming back online. */
function lastSuccessAt(facts: HealthFacts, sync: string | undefined): number | undefined {
  const times: number[] = [];
  if ((sync === 'done' || sync === 'fulldone') && facts.syncUpdatedAt !== undefined)
    times.push(facts.syncUpdatedAt);
  const completed = newest(facts.events, 'sync.completed');
  if (completed) times.push(completed.at);
  const changed = newest(facts.events, 'connection.status_changed');
  if (changed?.status === 'online') times.push(changed.at);
  return times.length > 0 ? Math.max(...times) : undefined;
}
