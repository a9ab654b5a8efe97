/** Connection statuses Makini documents, normalised. */
export type KnownStatus = 'pending' | 'synchronizing' | 'in progress' | 'active' | 'inactive';

/** Sync statuses Makini documents. */
export type KnownSyncStatus = 'inprogress' | 'done' | 'fulldone' | 'error' | 'fail';

const STATUSES: readonly KnownStatus[] = ['pending', 'synchronizing', 'in progress', 'active', 'inactive'];
const SYNC_STATUSES: readonly KnownSyncStatus[] = ['inprogress', 'done', 'fulldone', 'error', 'fail'];

/**
 * A connection status in one spelling (`In_Progress`, ` in progress ` and `IN-PROGRESS` are the
 * same), or `undefined` for a value Makini does not document (callers keep and show the original).
 */
export function normalizeStatus(status: string | undefined): KnownStatus | undefined {
  const text = oneSpelling(status, ' ');
  return STATUSES.find((s) => s === text);
}

/** A sync status in one spelling (`in_progress`, `In Progress`, `inprogress`), or `undefined`. */
export function normalizeSyncStatus(syncStatus: string | undefined): KnownSyncStatus | undefined {
  const text = oneSpelling(syncStatus, '');
  return SYNC_STATUSES.find((s) => s === text);
}

/** `text` trimmed and lower-cased, each run of spaces, `_` and `-` made `joiner`. */
function oneSpelling(text: string | undefined, joiner: string): string | undefined {
  return text
    ?.trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, joiner);
}
