import * as vscode from 'vscode';
import { VERSION } from '../../core/version';
import { CommandIds, MAKINI_STATUS_PAGE } from '../constants';
import {
  cancelDelivery,
  clearDeliveries,
  copyDeliveryAsCurl,
  replayDelivery,
} from '../deliveries/deliveryCommands';
import { checkEndpoint } from '../checks/checkEndpoint';
import { exportDeliveriesAsHar } from '../deliveries/exportHar';
import { sendPayloadFile } from '../deliveries/sendPayloadFile';
import { sendTestWebhook } from '../deliveries/sendTestWebhook';
import { copyReceiptAsCurl, replayReceipt } from '../receiver/receiptCommands';
import {
  connect,
  copyConnectionId,
  copySupportDetails,
  disconnect,
  reconnect,
  refreshConnections,
  setConnectionEventTypes,
} from '../connections/connectionCommands';
import { newWebhookPayload } from './newWebhookPayload';
import {
  copyReceiverUrl,
  openReceipt,
  simulateReceiverFailures,
  startReceiver,
  stopReceiver,
} from './receiverCommands';
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
  [CommandIds.simulateReceiverFailures]: simulateReceiverFailures,
  [CommandIds.copyReceiverUrl]: copyReceiverUrl,
  [CommandIds.openReceipt]: openReceipt,
  [CommandIds.copyReceiptAsCurl]: copyReceiptAsCurl,
  [CommandIds.replayReceipt]: replayReceipt,
  [CommandIds.openStatusPage]: () => vscode.env.openExternal(vscode.Uri.parse(MAKINI_STATUS_PAGE)),
  [CommandIds.setWebhookSecret]: setWebhookSecret,
  [CommandIds.rotateWebhookSecret]: rotateWebhookSecret,
  [CommandIds.clearWebhookSecrets]: clearWebhookSecrets,
  [CommandIds.sendTestWebhook]: sendTestWebhook,
  [CommandIds.sendPayloadFile]: sendPayloadFile,
  [CommandIds.cancelDelivery]: cancelDelivery,
  [CommandIds.replayDelivery]: replayDelivery,
  [CommandIds.copyDeliveryAsCurl]: copyDeliveryAsCurl,
  [CommandIds.clearDeliveries]: clearDeliveries,
  [CommandIds.exportDeliveriesHar]: exportDeliveriesAsHar,
  [CommandIds.checkEndpoint]: checkEndpoint,
  [CommandIds.showEndpointCheckReport]: ({ endpointChecks, checkReportPanel }) => {
    if (!endpointChecks.latest)
      throw new Error('No endpoint check has run yet: run Makini: Check Webhook Endpoint….');
    return checkReportPanel.show(endpointChecks.latest);
  },
  [CommandIds.clearReceipts]: ({ receiver }) => receiver.clearReceipts(),
  [CommandIds.refreshConnections]: refreshConnections,
  [CommandIds.connect]: connect,
  [CommandIds.disconnect]: disconnect,
  [CommandIds.reconnect]: reconnect,
  [CommandIds.copyConnectionId]: copyConnectionId,
  [CommandIds.setConnectionEventTypes]: setConnectionEventTypes,
  [CommandIds.copySupportDetails]: copySupportDetails,
  [CommandIds.showDeliveryDetails]: (services, target) => services.detailsPanels.show(target),
};
