import { type KnownSyncStatus, normalizeSyncStatus } from './normalizeStatus';

/**
 * How each sync status Makini documents reads to a person, in the editor's tooltips and on the
 * command line alike. JSON output keeps Makini's codes; people read these.
 */
export const SYNC_STATUS_WORDS: Readonly<Record<KnownSyncStatus, string>> = {
  inprogress: 'in progress',
  done: 'done',
  fulldone: 'full sync done',
  error: 'error',
  fail: 'failed (invalid platform credentials)',
};

/** A sync status in words; one Makini does not document is shown as it came. */
export function syncStatusWords(syncStatus: string): string {
  const known = normalizeSyncStatus(syncStatus);
  return known ? SYNC_STATUS_WORDS[known] : syncStatus;
}
