import * as vscode from 'vscode';
import { VERSION } from '../../core/version';
import { CommandIds } from '../constants';
import { newWebhookPayload } from './newWebhookPayload';
import { copyReceiverUrl, openReceipt, startReceiver, stopReceiver } from './receiverCommands';
import type { CommandHandler } from './registerCommands';
import { clearWebhookSecrets, rotateWebhookSecret, setWebhookSecret } from './secretCommands';

/** Every command of the extension, by id. Handlers are small; larger ones live in their own file. */
export const commandTable: Readonly<Record<string, CommandHandler>> = {
  [CommandIds.showLog]: ({ output }) => output.show(true),
  [CommandIds.showVersion]: () => {
    void vscode.window.showInformationMessage(`Makini DevTools ${VERSION}`);
    return VERSION;
  },
  [CommandIds.newWebhookPayload]: (_services, type, connectionId) => newWebhookPayload(type, connectionId),
  [CommandIds.startReceiver]: startReceiver,
  [CommandIds.stopReceiver]: stopReceiver,
  [CommandIds.copyReceiverUrl]: copyReceiverUrl,
  [CommandIds.openReceipt]: openReceipt,
  [CommandIds.setWebhookSecret]: setWebhookSecret,
  [CommandIds.rotateWebhookSecret]: rotateWebhookSecret,
  [CommandIds.clearWebhookSecrets]: clearWebhookSecrets,
};
