import * as vscode from 'vscode';
import { formatSupportReport, supportReport } from '../../core/api/supportReport';
import { errorMessage } from '../../core/errors';
import { MAKINI_STATUS_PAGE } from '../constants';
import type { HostServices } from '../services';

/** The connection key a command was invoked on: a tree node `{key}` or the key itself. */
function keyFrom(target: unknown): string {
  if (typeof target === 'string' && target !== '') return target;
  if (typeof target === 'object' && target !== null && 'key' in target && typeof target.key === 'string')
    return target.key;
  throw new Error('Pick a connection in the Connections view first.');
}

export async function refreshConnections({ connections }: HostServices, target?: unknown): Promise<void> {
  await connections.refresh(target === undefined ? undefined : keyFrom(target));
}

/** "Reconnect": opens the connection's reauthorization page (Makini Link, or the sandbox's). */
export async function reconnect({ connections }: HostServices, target: unknown): Promise<string> {
  const url = connections.reauthorizationUrl(keyFrom(target));
  await vscode.env.openExternal(vscode.Uri.parse(url));
  return url;
}

export async function copyConnectionId(_services: HostServices, target: unknown): Promise<string> {
  const key = keyFrom(target);
  await vscode.env.clipboard.writeText(key);
  void vscode.window.setStatusBarMessage(`Copied ${key}`, 3000);
  return key;
}

/** Sets the event types a connection sends (`null`: all); the checkboxes call the same. */
export async function setConnectionEventTypes(
  { connections }: HostServices,
  target: unknown,
  types: unknown,
): Promise<void> {
  if (types !== null && !(Array.isArray(types) && types.every((t) => typeof t === 'string'))) {
    throw new Error('Event types must be a list of event type names, or null for all of them.');
  }
  await connections.setEventTypes(keyFrom(target), types);
}

/** "Copy Support Details": the last API failure, with its request ID, for Makini support. */
export async function copySupportDetails({ connections }: HostServices): Promise<string | undefined> {
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
export function showApiFailure(
  services: HostServices,
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
export async function connect(services: HostServices, given?: unknown): Promise<boolean> {
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

export async function disconnect({ connections }: HostServices): Promise<void> {
  await connections.disconnect();
  void vscode.window.showInformationMessage('Makini: disconnected; the views show the sandbox again.');
}
