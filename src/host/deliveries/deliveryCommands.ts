import * as vscode from 'vscode';
import { validateEnvelope } from '../../core/events/validation';
import { attemptBodyBytes, type DeliveryRecord } from '../../core/sender/deliveryRecord';
import { toCurl } from '../../core/sender/curlCommand';
import { readWebhookSecrets } from '../config/secretStore';
import type { HostServices } from '../services';

/** The delivery a command was invoked on: a tree node `{id}` or a delivery id. */
export function deliveryFrom(services: HostServices, target: unknown): DeliveryRecord {
  const id =
    typeof target === 'string'
      ? target
      : typeof target === 'object' && target !== null && 'id' in target && typeof target.id === 'string'
        ? target.id
        : typeof target === 'object' &&
            target !== null &&
            'deliveryId' in target &&
            typeof target.deliveryId === 'string'
          ? target.deliveryId
          : undefined;
  const record = id === undefined ? undefined : services.deliveries.get(id);
  if (!record) throw new Error('Pick a delivery in the Webhook Deliveries view first.');
  return record;
}

/** "Copy as curl": the delivery's last attempt as a command that repeats it. */
export async function copyDeliveryAsCurl(services: HostServices, target: unknown): Promise<string> {
  const attempt = deliveryFrom(services, target).attempts.at(-1);
  if (!attempt) throw new Error('This delivery has made no attempt yet.');
  const curl = toCurl(attempt);
  await vscode.env.clipboard.writeText(curl);
  void vscode.window.setStatusBarMessage('Makini: curl command copied', 3000);
  return curl;
}

/**
 * "Replay": the same event again, freshly signed, to the same URL. The recorded bytes are sent,
 * not the event serialised again, which could round a big number or change a byte.
 */
export async function replayDelivery(services: HostServices, target: unknown): Promise<DeliveryRecord[]> {
  const record = deliveryFrom(services, target);
  const request = record.attempts[0]?.request;
  if (request === undefined) throw new Error('This delivery has no recorded request to replay.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body);
  } catch {
    parsed = undefined;
  }
  const validation = validateEnvelope(parsed);
  if (!validation.ok) throw new Error('The recorded body is not a webhook envelope; it cannot be replayed.');
  return services.deliveries.send({
    url: record.url,
    event: validation.envelope,
    body: attemptBodyBytes(request),
    secrets: await readWebhookSecrets(services.secrets),
  });
}

export function cancelDelivery(services: HostServices, target: unknown): boolean {
  return services.deliveries.cancel(deliveryFrom(services, target).id);
}

export function clearDeliveries(services: HostServices): void {
  services.deliveries.clear();
}
