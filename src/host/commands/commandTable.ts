import * as vscode from 'vscode';
import { VERSION } from '../../core/version';
import { CommandIds } from '../constants';
import { newWebhookPayload } from './newWebhookPayload';
import type { CommandHandler } from './registerCommands';

/** Every command of the extension, by id. Handlers are small; larger ones live in their own file. */
export const commandTable: Readonly<Record<string, CommandHandler>> = {
  [CommandIds.showLog]: ({ output }) => output.show(true),
  [CommandIds.showVersion]: () => {
    void vscode.window.showInformationMessage(`Makini DevTools ${VERSION}`);
    return VERSION;
  },
  [CommandIds.newWebhookPayload]: (_ctx, type, connectionId) => newWebhookPayload(type, connectionId),
};
