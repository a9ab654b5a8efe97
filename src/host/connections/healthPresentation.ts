import * as vscode from 'vscode';
import type { Connection } from '../../core/api/models';
import type { HealthLevel } from '../../core/health/healthLevel';
import { HEALTH_WORDS } from '../../core/health/healthWords';

/** How each health level looks in the views; its words are the CLI's too ({@link HEALTH_WORDS}). */
export const HEALTH_PRESENTATION: Readonly<
  Record<HealthLevel, { label: string; icon: string; color: string }>
> = {
  healthy: { label: HEALTH_WORDS.healthy, icon: 'pass-filled', color: 'testing.iconPassed' },
  syncing: { label: HEALTH_WORDS.syncing, icon: 'sync', color: 'charts.blue' },
  pending: { label: HEALTH_WORDS.pending, icon: 'clock', color: 'charts.yellow' },
  sync_error: { label: HEALTH_WORDS.sync_error, icon: 'error', color: 'testing.iconFailed' },
  auth_required: { label: HEALTH_WORDS.auth_required, icon: 'key', color: 'list.warningForeground' },
  offline: { label: HEALTH_WORDS.offline, icon: 'debug-disconnect', color: 'errorForeground' },
  inactive: { label: HEALTH_WORDS.inactive, icon: 'circle-slash', color: 'disabledForeground' },
  unknown: { label: HEALTH_WORDS.unknown, icon: 'question', color: 'descriptionForeground' },
};

export function healthIcon(level: HealthLevel): vscode.ThemeIcon {
  const { icon, color } = HEALTH_PRESENTATION[level];
  return new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
}

/** The provider, when the connection's name does not already say it ("Acme Steel (SAP PM)" does). */
export function providerNotInName(connection: Connection): string | undefined {
  const provider = connection.integrationName;
  if (!provider || connection.name.toLowerCase().includes(provider.toLowerCase())) return undefined;
  return provider;
}

/** The connection's name with its provider, said once: "Acme Steel (SAP PM)", "Plant 4 (Fiix)". */
export function connectionTitle(connection: Connection): string {
  const provider = providerNotInName(connection);
  return provider ? `${connection.name} (${provider})` : connection.name;
}
