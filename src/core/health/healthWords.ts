import type { HealthLevel } from './healthLevel';

/**
 * How each health level reads to a person, in the editor's views and alerts and on the command
 * line alike. JSON output keeps the level codes; people read these.
 */
export const HEALTH_WORDS: Readonly<Record<HealthLevel, string>> = {
  healthy: 'healthy',
  syncing: 'syncing',
  pending: 'setup pending',
  sync_error: 'sync failed',
  auth_required: 'needs reauthorization',
  offline: 'offline',
  inactive: 'inactive (out of credits)',
  unknown: 'unknown',
};
