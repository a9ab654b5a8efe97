import * as vscode from 'vscode';
import type { EnvelopeName } from '../../core/contract/makiniContract';
import { eventCatalog, type EventType, isEventType, resolveEventType } from '../../core/events/catalog';
import { buildWebhook } from '../../core/events/webhookBuilder';
import { UserError } from '../userError';
import { type ConnectionList, pickConnection, sampleConnection } from '../views/connectionPick';
import { Steps } from '../views/steps';

/** Where payload files live in a workspace; the manifest's jsonValidation matches this folder. */
export const PAYLOAD_FOLDER = '.makini/events';

/** Asks, as the next of `steps`, for an event type with the catalog's descriptions. */
export async function pickEventType(title: string, steps = Steps.single()): Promise<EventType | undefined> {
  const picked = await steps.pick(
    eventCatalog.map((d) => ({ label: d.type, detail: d.description })),
    { title, placeholder: 'Event type', matchOnDetail: true },
  );
  return picked && isEventType(picked.label) ? picked.label : undefined;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * The file's content: an entity event in `entityEnvelope` (`{event, body: [ids]}` for ids), any
 * other as `{type, connection_id, data}`, which the tool wraps in the detailed envelope.
 */
function payloadOf(
  type: EventType,
  subject: { readonly connectionId?: string; readonly provider?: string },
  entityEnvelope: EnvelopeName,
): unknown {
  const webhook = buildWebhook(type, { ...subject, entityEnvelope });
  if (webhook.envelope === 'ids') return webhook.payload;
  const { type: name, connection_id, data } = webhook.payload;
  return { type: name, connection_id, data };
}

/**
 * "Makini: New Webhook Payload…": writes `.makini/events/<type>.json` in the first workspace
 * folder, prefilled with a realistic sample, and opens it (the generated schemas then validate it
 * as you type). Arguments: an event type (an alias is read as the documented name) and a
 * connection id; without them it asks. An entity event is written in `entityEnvelope`
 * (`makini.webhooks.envelope`); a detailed sample carries the connection's id and provider.
 */
export async function newWebhookPayload(
  connections: ConnectionList,
  entityEnvelope: EnvelopeName,
  typeArg?: unknown,
  connectionArg?: unknown,
): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder)
    throw new UserError(
      'notConfigured',
      'Open a folder first: payload files are kept in its .makini/events folder.',
    );
  const typeGiven = typeArg === undefined ? undefined : resolveEventType(typeArg);
  if (typeArg !== undefined && typeGiven === undefined) {
    throw new UserError(
      'invalidArguments',
      `Unknown event type ${JSON.stringify(typeArg)}. Pick one of the catalog's types (makini-devtools events lists them).`,
    );
  }
  const connectionId = typeof connectionArg === 'string' && connectionArg !== '' ? connectionArg : undefined;
  // Asked along with the type; given a type only, the sample is about the first listed connection.
  const askConnection = typeArg === undefined && connectionId === undefined;
  const steps = new Steps((typeArg === undefined ? 1 : 0) + (askConnection ? 1 : 0));
  const type = typeGiven ?? (await pickEventType('New Webhook Payload: event type', steps));
  if (!type) return undefined;
  const subject = askConnection
    ? await pickConnection(connections, 'New Webhook Payload: connection', steps)
    : sampleConnection(connections, connectionId);
  if (subject === null) return undefined;
  const payload = payloadOf(type, subject, entityEnvelope);

  const dir = vscode.Uri.joinPath(folder.uri, ...PAYLOAD_FOLDER.split('/'));
  await vscode.workspace.fs.createDirectory(dir);
  let uri = vscode.Uri.joinPath(dir, `${type}.json`);
  for (let n = 2; await exists(uri); n++) uri = vscode.Uri.joinPath(dir, `${type}-${n}.json`);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(`${JSON.stringify(payload, null, 2)}\n`));
  await vscode.window.showTextDocument(uri, { preview: false });
  return uri;
}
