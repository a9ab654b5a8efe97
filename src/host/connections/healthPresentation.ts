import * as vscode from 'vscode';
import type { HealthLevel } from '../../core/health/healthLevel';

/** How each health level reads and looks in the views. */
export const HEALTH_PRESENTATION: Readonly<
  Record<HealthLevel, { label: string; icon: string; color: string }>
> = {
  healthy: { label: 'healthy', icon: 'pass-filled', color: 'testing.iconPassed' },
  syncing: { label: 'syncing', icon: 'sync', color: 'charts.blue' },
  pending: { label: 'setup pending', icon: 'clock', color: 'charts.yellow' },
  sync_error: { label: 'sync failed', icon: 'error', color: 'testing.iconFailed' },
  auth_required: { label: 'needs reauthorization', icon: 'key', color: 'list.warningForeground' },
  offline: { label: 'offline', icon: 'debug-disconnect', color: 'errorForeground' },
  inactive: { label: 'inactive (out of credits)', icon: 'circle-slash', color: 'disabledForeground' },
  unknown: { label: 'unknown', icon: 'question', color: 'descriptionForeground' },
};

export function healthIcon(level: HealthLevel): vscode.ThemeIcon {
  const { icon, color } = HEALTH_PRESENTATION[level];
  return new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
}
