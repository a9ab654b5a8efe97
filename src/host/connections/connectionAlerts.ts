import * as vscode from 'vscode';
import type { HealthChange } from '../../core/health/healthMonitor';
import type { HealthLevel } from '../../core/health/healthLevel';
import type { SettingsService } from '../config/settings';
import { CommandIds } from '../constants';
import { Disposable } from '../lifecycle';
import { ATTENTION_LEVELS, type ConnectionsService } from './connectionsService';
import { connectionTitle, HEALTH_PRESENTATION } from './healthPresentation';

/** One alert shown (kept so the views and tests can tell what the user was told). */
export interface RaisedAlert {
  readonly key: string;
  readonly level: HealthLevel;
  readonly message: string;
  readonly at: string;
}

/** Shows a warning with its actions and answers the one chosen (`vscode.window.showWarningMessage`). */
export type Notify = (message: string, ...actions: string[]) => Thenable<string | undefined>;

/** The notification API itself, looked up at each call. */
const showWarning: Notify = (message, ...actions) => vscode.window.showWarningMessage(message, ...actions);

/**
 * One notification each time a connection enters a level that needs attention (not per poll, and
 * never for a connection's first judgement), once the API has confirmed it; recoveries show
 * quietly in the status bar.
 */
export class ConnectionAlerts extends Disposable {
  private readonly log: RaisedAlert[] = [];

  constructor(
    connections: ConnectionsService,
    private readonly settings: SettingsService,
    private readonly notify: Notify = showWarning,
  ) {
    super();
    this._register(connections.onDidTransition((change) => this.onTransition(change)));
  }

  get raised(): readonly RaisedAlert[] {
    return this.log;
  }

  private onTransition({ previous, previousChecking, current }: HealthChange): void {
    const { connection, level, reason, checking } = current;
    // A webhook's news is shown in the tree at once, but alerts wait for the API to confirm it.
    if (checking) return;
    if (ATTENTION_LEVELS.has(level) && (previous !== level || previousChecking)) {
      if (!this.settings.value.alertsEnabled) return;
      const message = `Makini: ${connectionTitle(connection)} ${HEALTH_PRESENTATION[level].label}: ${reason}`;
      this.log.push({ key: connection.key, level, message, at: new Date().toISOString() });
      if (this.log.length > 100) this.log.shift();
      const actions = level === 'auth_required' ? ['Reconnect', 'Show'] : ['Show'];
      void this.notify(message, ...actions).then((choice) => {
        if (choice === 'Reconnect') void vscode.commands.executeCommand(CommandIds.reconnect, connection.key);
        if (choice === 'Show') void vscode.commands.executeCommand('makini.connections.focus');
      });
    } else if (ATTENTION_LEVELS.has(previous) && !previousChecking && level === 'healthy') {
      vscode.window.setStatusBarMessage(`$(pass) Makini: ${connection.name} is healthy again`, 10_000);
    }
  }
}
