import * as vscode from 'vscode';
import { formatSupportReport, supportReport } from '../../core/api/supportReport';
import { errorMessage } from '../../core/errors';
import type { SettingsService } from '../config/settings';
import type { CommandTable } from '../commands/registerCommands';
import { CommandIds, MAKINI_STATUS_PAGE } from '../constants';
import type { ConnectionsService } from './connectionsService';
import { UserError } from '../userError';

/** What the connection commands work with. */
export interface ConnectionCommandDeps {
  readonly connections: ConnectionsService;
  readonly settings: SettingsService;
  readonly output: vscode.LogOutputChannel;
}

/** The Connections view's commands: connect, disconnect, refresh, reconnect, event types, support. */
export function connectionCommands(deps: ConnectionCommandDeps): CommandTable {
  return {
    [CommandIds.refreshConnections]: (target) => refreshConnections(deps, target),
    [CommandIds.connect]: (given) => connect(deps, given),
    [CommandIds.disconnect]: () => disconnect(deps),
    [CommandIds.reconnect]: (target) => reconnect(deps, target),
    [CommandIds.copyConnectionId]: (target) => copyConnectionId(target),
    [CommandIds.setConnectionEventTypes]: (target, types) => setConnectionEventTypes(deps, target, types),
    [CommandIds.copySupportDetails]: () => copySupportDetails(deps),
  };
}

/** The connection key a command was invoked on: a tree node `{key}` or the key itself. */
function keyFrom(target: unknown): string {
  if (typeof target === 'string' && target !== '') return target;
  if (typeof target === 'object' && target !== null && 'key' in target && typeof target.key === 'string')
    return target.key;
  throw new UserError('noSelection', 'Pick a connection in the Connections view first.');
}

async function refreshConnections({ connections }: ConnectionCommandDeps, target?: unknown): Promise<void> {
  await connections.refresh(target === undefined ? undefined : keyFrom(target));
}

/** "Reconnect": opens the connection's reauthorization page (Makini Link, or the sandbox's). */
async function reconnect({ connections }: ConnectionCommandDeps, target: unknown): Promise<string> {
  const url = connections.reauthorizationUrl(keyFrom(target));
  await vscode.env.openExternal(vscode.Uri.parse(url));
  return url;
}

async function copyConnectionId(target: unknown): Promise<string> {
  const key = keyFrom(target);
  await vscode.env.clipboard.writeText(key);
  void vscode.window.setStatusBarMessage(`Copied ${key}`, 3000);
  return key;
}

/** Sets the event types a connection sends (`null`: all); the checkboxes call the same. */
async function setConnectionEventTypes(
  { connections }: ConnectionCommandDeps,
  target: unknown,
  types: unknown,
): Promise<void> {
  if (types !== null && !(Array.isArray(types) && types.every((t) => typeof t === 'string'))) {
    throw new UserError(
      'invalidArguments',
      'Event types must be a list of event type names, or null for all of them.',
    );
  }
  await connections.setEventTypes(keyFrom(target), types);
}

/** "Copy Support Details": the last API failure, with its request ID, for Makini support. */
async function copySupportDetails({ connections }: ConnectionCommandDeps): Promise<string | undefined> {
  const report = connections.lastError;
  if (!report) {
    void vscode.window.showInformationMessage(
      'Makini: no API call has failed since the last successful poll.',
    );
    return undefined;
  }
  const text = formatSupportReport(report);
  await vscode.env.clipboard.writeText(text);
  void vscode.window.setStatusBarMessage('Makini: support details copied', 3000);
  return text;
}

/**
 * Tells the user an API call failed, with the request ID and what they can do next. Does not wait
 * for an answer, so a command that failed ends at once.
 */
function showApiFailure(
  services: Pick<ConnectionCommandDeps, 'output'>,
  what: string,
  error: unknown,
  retry: () => Promise<unknown>,
): void {
  const report = supportReport(error);
  const requestId = report.requestId ? ` (request ID ${report.requestId})` : '';
  services.output.error(formatSupportReport(report));
  void vscode.window
    .showErrorMessage(
      `Makini: ${what} failed: ${errorMessage(error)}${requestId}`,
      'Retry',
      'Copy Support Details',
      'Open Status Page',
    )
    .then(async (choice) => {
      if (choice === 'Retry') await retry();
      if (choice === 'Copy Support Details')
        await vscode.env.clipboard.writeText(formatSupportReport(report));
      if (choice === 'Open Status Page') await vscode.env.openExternal(vscode.Uri.parse(MAKINI_STATUS_PAGE));
    });
}

/**
 * "Connect to Makini…": asks for the client ID and secret (Makini dashboard, Settings >
 * Application Settings), checks them against the API, keeps them in secret storage and switches
 * the views to the account. Arguments: `{clientId, clientSecret}`.
 */
async function connect(services: ConnectionCommandDeps, given?: unknown): Promise<boolean> {
  const args = typeof given === 'object' && given !== null ? (given as Record<string, unknown>) : {};
  const clientId =
    typeof args.clientId === 'string'
      ? args.clientId
      : await vscode.window.showInputBox({
          title: 'Connect to Makini (1/2)',
          prompt: `Client ID from the Makini dashboard, Settings > Application Settings (API ${services.settings.value.apiUrl})`,
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() ? undefined : 'The client ID cannot be empty'),
        });
  if (!clientId) return false;
  const clientSecret =
    typeof args.clientSecret === 'string'
      ? args.clientSecret
      : await vscode.window.showInputBox({
          title: 'Connect to Makini (2/2)',
          prompt: 'Client secret (kept in VS Code secret storage, never in settings or logs)',
          password: true,
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() ? undefined : 'The client secret cannot be empty'),
        });
  if (!clientSecret) return false;
  const attempt = async (): Promise<boolean> => {
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Makini: checking the credentials…' },
        () => services.connections.connect(clientId.trim(), clientSecret.trim()),
      );
      return true;
    } catch (error) {
      showApiFailure(services, 'Connecting', error, attempt);
      return false;
    }
  };
  const connected = await attempt();
  if (connected)
    void vscode.window.showInformationMessage(`Makini: connected to ${services.settings.value.apiUrl}.`);
  return connected;
}

async function disconnect({ connections }: ConnectionCommandDeps): Promise<void> {
  await connections.disconnect();
  void vscode.window.showInformationMessage('Makini: disconnected; the views show the sandbox again.');
}
