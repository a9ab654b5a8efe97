import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';

/** A command's handler, with the arguments VS Code (a menu, a keybinding, another extension) gives. */
export type CommandHandler = (...args: unknown[]) => unknown;

/** Commands by id; each feature builds its own from what it needs. */
export type CommandTable = Readonly<Record<string, CommandHandler>>;

/**
 * Registers every command of the table through one wrapper: a failing command is logged with its
 * stack and shown to the user once, as one clear message, instead of an unhandled rejection.
 */
export function registerCommands(output: vscode.LogOutputChannel, table: CommandTable): vscode.Disposable[] {
  return Object.entries(table).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        output.error(`${id} failed: ${errorMessage(error)}`);
        void vscode.window.showErrorMessage(`Makini: ${errorMessage(error)}`, 'Show Log').then((choice) => {
          if (choice) output.show(true);
        });
        return undefined;
      }
    }),
  );
}
