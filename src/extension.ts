import * as vscode from 'vscode';
import { VERSION } from './core/version';
import { OUTPUT_CHANNEL_NAME } from './host/constants';
import { type MakiniWorkbench, registerWorkbench } from './host/registerWorkbench';
import { MakiniServices } from './host/makiniServices';

/** What `activate` returns: for other extensions and for the in-host tests. */
export interface MakiniDevToolsApi extends MakiniWorkbench {
  readonly version: string;
  readonly services: MakiniServices;
}

let active: MakiniServices | undefined;

export function activate(context: vscode.ExtensionContext): MakiniDevToolsApi {
  const own = <T extends vscode.Disposable>(value: T): T => {
    context.subscriptions.push(value);
    return value;
  };
  const output = own(vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true }));
  // The services' one owner is `deactivate` (their stops are async and ordered); the workbench's
  // views and commands belong to `context.subscriptions`.
  const services = new MakiniServices(context, output);
  active = services;
  const workbench = registerWorkbench(own, services);
  output.info(`Makini DevTools ${VERSION} activated`);

  // Servers start after activation returns, so they never slow the editor's start-up.
  setImmediate(() => void services.startServers());
  return { version: VERSION, services, ...workbench };
}

export async function deactivate(): Promise<void> {
  const services = active;
  active = undefined;
  await services?.shutdown();
}
