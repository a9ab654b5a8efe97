import * as vscode from 'vscode';
import { parsePayloadText } from '../../core/events/payloadFile';
import type { DeliveryRecord } from '../../core/sender/deliveryRecord';
import { pickSendUrl, type SendDeps, sendTestWebhook } from './sendTestWebhook';
import { UserError } from '../userError';

/**
 * "Send Webhook Payload" (the editor title action on `.makini/events/*.json`): validates the file
 * as it is in the editor, unsaved edits included, and sends it. Arguments: the file's URI and a
 * URL (or `receiver`); without them, the active editor and a quick pick.
 * @throws PayloadFileError naming the file, the JSON pointer and what was expected.
 */
export async function sendPayloadFile(
  services: SendDeps,
  uriArg?: unknown,
  urlArg?: unknown,
): Promise<DeliveryRecord[] | undefined> {
  const uri = uriArg instanceof vscode.Uri ? uriArg : vscode.window.activeTextEditor?.document.uri;
  if (!uri) throw new UserError('noSelection', 'Open a webhook payload file (.makini/events/*.json) first.');
  const document = await vscode.workspace.openTextDocument(uri);
  const payload = parsePayloadText(document.getText(), vscode.workspace.asRelativePath(uri));
  const url = typeof urlArg === 'string' ? urlArg : await pickSendUrl(services);
  if (!url) return undefined;
  // The file's envelope is the one it is sent in: an ids file as ids, any other as detailed.
  const headers = payload.headers ? { headers: payload.headers } : {};
  return sendTestWebhook(
    services,
    payload.envelope === 'ids'
      ? { type: payload.type, envelope: 'ids', ids: payload.ids, url, ...headers }
      : {
          type: payload.type,
          envelope: 'detailed',
          data: payload.data,
          url,
          ...headers,
          ...(payload.connection_id ? { connectionId: payload.connection_id } : {}),
        },
  );
}
