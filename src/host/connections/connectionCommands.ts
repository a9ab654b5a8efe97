import * as os from 'node:os';
import * as vscode from 'vscode';
import { explainApiError, MakiniApiError } from '../../core/api/apiErrors';
import { formatSupportReport, type SupportEnvironment, supportReport } from '../../core/api/supportReport';
import { SANDBOX_CREDENTIALS } from '../../core/sandbox/sandbox';
import type { SettingsService } from '../config/settings';
import type { CommandTable } from '../commands/registerCommands';
import { CommandIds, EXTENSION_ID, MAKINI_STATUS_PAGE } from '../constants';
import type { ConnectionsService } from './connectionsService';
import { UserError } from '../userError';
import { Steps } from '../views/steps';

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
    [CommandIds.useSandbox]: () => useSandbox(deps),
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

/**
 * "Reconnect": opens the connection's reauthorization page (Makini Link, or the sandbox's), mapped
 * with `asExternalUri` so the sandbox's loopback URL is reachable from the user's browser (a
 * forwarded port, code-server's `/proxy/<port>/`). Answers the URL it opened.
 */
async function reconnect({ connections }: ConnectionCommandDeps, target: unknown): Promise<string> {
  const url = await vscode.env.asExternalUri(
    vscode.Uri.parse(connections.reauthorizationUrl(keyFrom(target))),
  );
  await vscode.env.openExternal(url);
  return url.toString(true);
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

/** What support asks about besides the failed call; never a secret. */
function supportEnvironment({ connections, settings }: ConnectionCommandDeps): SupportEnvironment {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  const version: unknown = (extension?.packageJSON as { version?: unknown } | undefined)?.version;
  const remote = vscode.env.remoteName ? `, remote ${vscode.env.remoteName}` : '';
  return {
    extensionVersion: typeof version === 'string' ? version : 'unknown',
    mode: connections.mode ?? 'not started',
    apiUrl: connections.apiUrl ?? settings.value.apiUrl,
    editor: `${vscode.env.appName} ${vscode.version} (${vscode.env.appHost}${remote})`,
    os: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

/** "Copy Support Details": the environment and the last API failure, with its request ID. */
async function copySupportDetails(deps: ConnectionCommandDeps): Promise<string> {
  const text = formatSupportReport(deps.connections.lastError, supportEnvironment(deps));
  await vscode.env.clipboard.writeText(text);
  void vscode.window.setStatusBarMessage('Makini: support details copied', 3000);
  return text;
}

/** Refused credentials: entering them again is the fix, not retrying or Makini's status page. */
function credentialsRefused(error: unknown): boolean {
  return MakiniApiError.is(error, 'http') && (error.status === 401 || error.status === 403);
}

/**
 * Tells the user Connect failed: what happened, what to check, the request ID, and the actions
 * that fit (enter the credentials again, fix the URL, retry, or Makini's status page for its own
 * failures). Does not wait for an answer, so a command that failed ends at once.
 */
function showConnectFailure(
  services: ConnectionCommandDeps,
  error: unknown,
  retry: () => Promise<unknown>,
): void {
  const report = supportReport(error);
  const requestId = report.requestId ? ` (request ID ${report.requestId})` : '';
  services.output.error(formatSupportReport(report, supportEnvironment(services)));
  const refused = credentialsRefused(error);
  const onMakinisSide = MakiniApiError.is(error, 'http') && (error.status ?? 0) >= 500;
  const network = MakiniApiError.is(error, 'network');
  const actions = [
    refused ? 'Enter Again' : 'Retry',
    ...(network ? ['Open Settings'] : []),
    'Copy Support Details',
    ...(onMakinisSide ? ['Open Status Page'] : []),
  ];
  const text = `Makini: connecting failed. ${explainApiError(error, services.settings.value.apiUrl)}${requestId}`;
  void vscode.window.showErrorMessage(text, ...actions).then(async (choice) => {
    if (choice === 'Retry') await retry();
    if (choice === 'Enter Again') await vscode.commands.executeCommand(CommandIds.connect);
    if (choice === 'Open Settings')
      await vscode.commands.executeCommand('workbench.action.openSettings', 'makini.apiUrl');
    if (choice === 'Copy Support Details') await copySupportDetails(services);
    if (choice === 'Open Status Page') await vscode.env.openExternal(vscode.Uri.parse(MAKINI_STATUS_PAGE));
  });
}

/** Where the built-in sandbox's own credentials are, for the Connect prompt. */
function sandboxNote({ connections }: ConnectionCommandDeps): string {
  const where = connections.sandbox?.url ?? 'its URL';
  return `The sandbox needs none: it is used while none are stored (to call it yourself: ${where}, client ID ${SANDBOX_CREDENTIALS.clientId}, secret ${SANDBOX_CREDENTIALS.clientSecret}).`;
}

/**
 * "Connect Account…": asks for the client ID and secret (Makini dashboard, Settings >
 * Application Settings), checks them against the API, keeps them in secret storage and switches
 * the views to the account. Arguments: `{clientId, clientSecret}`.
 */
async function connect(services: ConnectionCommandDeps, given?: unknown): Promise<boolean> {
  const args = typeof given === 'object' && given !== null ? (given as Record<string, unknown>) : {};
  const givenId = typeof args.clientId === 'string' ? args.clientId : undefined;
  const givenSecret = typeof args.clientSecret === 'string' ? args.clientSecret : undefined;
  const steps = new Steps((givenId === undefined ? 1 : 0) + (givenSecret === undefined ? 1 : 0));
  const clientId =
    givenId ??
    (await steps.input({
      title: 'Connect Account: client ID',
      prompt: `Client ID from the Makini dashboard, Settings > Application Settings (API ${services.settings.value.apiUrl}). ${sandboxNote(services)}`,
      ignoreFocusOut: true,
      validate: (v) => (v.trim() ? undefined : 'The client ID cannot be empty'),
    }));
  if (!clientId) return false;
  const clientSecret =
    givenSecret ??
    (await steps.input({
      title: 'Connect Account: client secret',
      prompt: 'Client secret (kept in VS Code secret storage, never in settings or logs)',
      password: true,
      ignoreFocusOut: true,
      validate: (v) => (v.trim() ? undefined : 'The client secret cannot be empty'),
    }));
  if (!clientSecret) return false;
  const attempt = async (): Promise<boolean> => {
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Makini: checking the credentials…' },
        () => services.connections.connect(clientId.trim(), clientSecret.trim()),
      );
      return true;
    } catch (error) {
      showConnectFailure(services, error, attempt);
      return false;
    }
  };
  const connected = await attempt();
  if (connected)
    void vscode.window.showInformationMessage(`Makini: connected to ${services.settings.value.apiUrl}.`);
  return connected;
}

/** "Use Sandbox": the sandbox for now (Makini unreachable, say); stored credentials are kept. */
async function useSandbox({ connections }: ConnectionCommandDeps): Promise<void> {
  await connections.useSandbox();
  void vscode.window.showInformationMessage(
    'Makini: the views show the sandbox. Your credentials are kept: the next start connects with them again (Disconnect forgets them).',
  );
}

async function disconnect({ connections }: ConnectionCommandDeps): Promise<void> {
  await connections.disconnect();
  void vscode.window.showInformationMessage('Makini: disconnected; the views show the sandbox again.');
}
