import * as vscode from 'vscode';
import { newEventId, type Webhook } from '../../core/events/envelope';
import { webhookOfBody } from '../../core/events/validation';
import { attemptBodyBytes, type DeliveryRecord } from '../../core/sender/deliveryRecord';
import { toCurl } from '../../core/sender/curlCommand';
import { readWebhookSecrets } from '../config/secretStore';
import type { CommandTable } from '../commands/registerCommands';
import { CommandIds } from '../constants';
import type { DeliveryDetailsPanels } from './deliveryDetailsPanel';
import { exportDeliveriesAsHar } from './exportHar';
import { filterView } from '../views/filterView';
import type { ViewFilter } from '../views/viewFilter';
import { sendPayloadFile } from './sendPayloadFile';
import { type SendDeps, sendTestWebhook } from './sendTestWebhook';
import { deliveryFrom } from './deliveryTarget';
import { UserError } from '../userError';

/** What the delivery commands work with. */
export interface DeliveryCommandDeps extends SendDeps {
  readonly detailsPanels: DeliveryDetailsPanels;
  /** What the Deliveries view is filtered by. */
  readonly filter: ViewFilter;
}

/** The Webhook Deliveries view's commands: send, replay, cancel, copy, export, clear, details. */
export function deliveryCommands(deps: DeliveryCommandDeps): CommandTable {
  const { deliveries } = deps;
  return {
    [CommandIds.sendTestWebhook]: (args) => sendTestWebhook(deps, args),
    [CommandIds.sendPayloadFile]: (uri, url) => sendPayloadFile(deps, uri, url),
    [CommandIds.showDeliveryDetails]: (target) => deps.detailsPanels.show(target),
    [CommandIds.cancelDelivery]: (target) => deliveries.cancel(deliveryFrom(deliveries, target).id),
    [CommandIds.replayDelivery]: (target) => replayDelivery(deps, target),
    [CommandIds.copyDeliveryAsCurl]: (target) => copyDeliveryAsCurl(deps, target),
    [CommandIds.clearDeliveries]: () => deliveries.clear(),
    [CommandIds.exportDeliveriesHar]: (target) => exportDeliveriesAsHar(deliveries, target),
    [CommandIds.filterDeliveries]: (line) => filterView('deliveries', deps.filter, line),
    [CommandIds.clearDeliveriesFilter]: () => deps.filter.clear(),
  };
}

/** "Copy as curl": the delivery's last attempt as a command that repeats it. */
async function copyDeliveryAsCurl({ deliveries }: DeliveryCommandDeps, target: unknown): Promise<string> {
  const attempt = deliveryFrom(deliveries, target).attempts.at(-1);
  if (!attempt) throw new UserError('nothingYet', 'This delivery has made no attempt yet.');
  const curl = toCurl(attempt);
  await vscode.env.clipboard.writeText(curl);
  void vscode.window.setStatusBarMessage('Makini: curl command copied', 3000);
  return curl;
}

/**
 * "Replay": the same event again, freshly signed, to the same URL. The recorded bytes are sent,
 * not the event serialised again, which could round a big number or change a byte.
 */
async function replayDelivery(services: DeliveryCommandDeps, target: unknown): Promise<DeliveryRecord[]> {
  const record = deliveryFrom(services.deliveries, target);
  const request = record.attempts[0]?.request;
  if (request === undefined)
    throw new UserError('nothingYet', 'This delivery has no recorded request to replay.');
  const event = recordedWebhook(request.body, record.eventId);
  return services.deliveries.send({
    url: record.url,
    event,
    body: attemptBodyBytes(request),
    secrets: await readWebhookSecrets(services.secrets),
  });
}

/** The webhook a delivery sent, read back from its recorded body (an ids one keeps its event id). */
function recordedWebhook(body: string, eventId: string): Webhook {
  const notAWebhook = 'The recorded body is not a webhook envelope; it cannot be replayed.';
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new UserError('unsupported', notAWebhook, { cause: error });
  }
  const webhook = webhookOfBody(value, () => (eventId === '' ? newEventId() : eventId));
  if (!webhook) throw new UserError('unsupported', notAWebhook);
  return webhook;
}
