import * as vscode from 'vscode';
import { VERSION } from './core/version';
import { commandTable } from './host/commands/commandTable';
import { registerCommands } from './host/commands/registerCommands';
import { OUTPUT_CHANNEL_NAME } from './host/constants';
import { registerViews, type MakiniViews } from './host/views/registerViews';

/** What `activate` returns: for other extensions and for the in-host tests. */
export interface MakiniDevToolsApi {
  readonly version: string;
  readonly views: MakiniViews;
}

export function activate(context: vscode.ExtensionContext): MakiniDevToolsApi {
  const output = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  context.subscriptions.push(output);
  const views = registerViews(context);
  registerCommands(context, { output }, commandTable);
  output.info(`Makini DevTools ${VERSION} activated`);
  return { version: VERSION, views };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions, which VS Code disposes.
}
