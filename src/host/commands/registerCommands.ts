import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';

export interface CommandContext {
  readonly output: vscode.LogOutputChannel;
}

export type CommandHandler = (ctx: CommandContext, ...args: unknown[]) => unknown;

/**
 * Registers every command of the table through one wrapper: a failing command is logged with its
 * stack and shown to the user once, as one clear message, instead of an unhandled rejection.
 */
export function registerCommands(
  context: vscode.ExtensionContext,
  ctx: CommandContext,
  table: Readonly<Record<string, CommandHandler>>,
): void {
  for (const [id, handler] of Object.entries(table)) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(ctx, ...args);
        } catch (error) {
          ctx.output.error(`${id} failed`, error instanceof Error ? error : String(error));
          void vscode.window.showErrorMessage(`Makini: ${errorMessage(error)}`, 'Show Log').then((choice) => {
            if (choice) ctx.output.show(true);
          });
          return undefined;
        }
      }),
    );
  }
}
