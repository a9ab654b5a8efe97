import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { HostServices } from '../services';

export type CommandHandler = (services: HostServices, ...args: unknown[]) => unknown;

/**
 * Registers every command of the table through one wrapper: a failing command is logged with its
 * stack and shown to the user once, as one clear message, instead of an unhandled rejection.
 */
export function registerCommands(
  context: vscode.ExtensionContext,
  services: HostServices,
  table: Readonly<Record<string, CommandHandler>>,
): void {
  for (const [id, handler] of Object.entries(table)) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(services, ...args);
        } catch (error) {
          services.output.error(`${id} failed: ${errorMessage(error)}`);
          void vscode.window.showErrorMessage(`Makini: ${errorMessage(error)}`, 'Show Log').then((choice) => {
            if (choice) services.output.show(true);
          });
          return undefined;
        }
      }),
    );
  }
}
