import * as vscode from 'vscode';
import type { EnvelopeName } from '../../core/contract/makiniContract';
import { VERSION } from '../../core/version';
import { CommandIds, MAKINI_STATUS_PAGE } from '../constants';
import { newWebhookPayload } from './newWebhookPayload';
import type { ConnectionList } from '../views/connectionPick';
import type { CommandTable } from './registerCommands';

/** The commands about the extension itself: its log, its version, payload files, Makini's status. */
export function extensionCommands(
  output: vscode.LogOutputChannel,
  connections: ConnectionList,
  entityEnvelope: () => EnvelopeName,
): CommandTable {
  return {
    [CommandIds.showLog]: () => output.show(true),
    [CommandIds.showVersion]: () => {
      void vscode.window.showInformationMessage(`Makini DevTools ${VERSION}`);
      return VERSION;
    },
    [CommandIds.newWebhookPayload]: (type, connectionId) =>
      newWebhookPayload(connections, entityEnvelope(), type, connectionId),
    [CommandIds.openStatusPage]: () => vscode.env.openExternal(vscode.Uri.parse(MAKINI_STATUS_PAGE)),
  };
}
