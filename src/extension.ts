import * as vscode from 'vscode';
import { errorMessage } from './core/errors';
import { VERSION } from './core/version';
import { commandTable } from './host/commands/commandTable';
import { registerCommands } from './host/commands/registerCommands';
import { OUTPUT_CHANNEL_NAME } from './host/constants';
import { createServices, type HostServices, shutdownServices } from './host/services';
import { MakiniStatusBar } from './host/statusBar';
import { type MakiniViews, registerViews } from './host/views/registerViews';

/** What `activate` returns: for other extensions and for the in-host tests. */
export interface MakiniDevToolsApi {
  readonly version: string;
  readonly views: MakiniViews;
  readonly services: HostServices;
  readonly statusBar: MakiniStatusBar;
}

let active: HostServices | undefined;

export function activate(context: vscode.ExtensionContext): MakiniDevToolsApi {
  const output = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  context.subscriptions.push(output);
  const services = createServices(context, output);
  active = services;
  const views = registerViews(context, services);
  registerCommands(context, services, commandTable);
  const statusBar = new MakiniStatusBar(services);
  context.subscriptions.push(statusBar);
  output.info(`Makini DevTools ${VERSION} activated`);

  // Servers start after activation returns, so they never slow the editor's start-up.
  setImmediate(() => void startServers(services));
  return { version: VERSION, views, services, statusBar };
}

async function startServers(services: HostServices): Promise<void> {
  const { output } = services;
  if (services.settings.value.receiverAutoStart) {
    await services.receiver
      .start()
      .catch((error: unknown) => output.warn(`The local receiver did not start: ${errorMessage(error)}`));
  }
  await services.connections
    .start()
    .catch((error: unknown) => output.error(`Connections could not start: ${errorMessage(error)}`));
}

export async function deactivate(): Promise<void> {
  const services = active;
  active = undefined;
  if (services) await shutdownServices(services);
}
