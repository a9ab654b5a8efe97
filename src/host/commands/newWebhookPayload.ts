import * as vscode from 'vscode';
import { buildEvent, eventCatalog, type EventType, isEventType } from '../../core/events/catalog';
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
 * "Makini: New Webhook Payload…": writes `.makini/events/<type>.json` in the first workspace
 * folder, prefilled with a realistic sample, and opens it (the generated schemas then validate it
 * as you type). Arguments: an event type and a connection id; without them it asks. The sample
 * carries the connection's id and provider.
 */
export async function newWebhookPayload(
  connections: ConnectionList,
  typeArg?: unknown,
  connectionArg?: unknown,
): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder)
    throw new UserError(
      'notConfigured',
      'Open a folder first: payload files are kept in its .makini/events folder.',
    );
  if (typeArg !== undefined && !isEventType(typeArg)) {
    throw new UserError(
      'invalidArguments',
      `Unknown event type ${JSON.stringify(typeArg)}. Pick one of the catalog's types.`,
    );
  }
  const connectionId = typeof connectionArg === 'string' && connectionArg !== '' ? connectionArg : undefined;
  // Asked along with the type; given a type only, the sample is about the first listed connection.
  const askConnection = typeArg === undefined && connectionId === undefined;
  const steps = new Steps((typeArg === undefined ? 1 : 0) + (askConnection ? 1 : 0));
  const type = typeArg ?? (await pickEventType('New Webhook Payload: event type', steps));
  if (!type) return undefined;
  const subject = askConnection
    ? await pickConnection(connections, 'New Webhook Payload: connection', steps)
    : sampleConnection(connections, connectionId);
  if (subject === null) return undefined;
  const event = buildEvent(type, subject);
  const payload = { type: event.type, connection_id: event.connection_id, data: event.data };

  const dir = vscode.Uri.joinPath(folder.uri, ...PAYLOAD_FOLDER.split('/'));
  await vscode.workspace.fs.createDirectory(dir);
  let uri = vscode.Uri.joinPath(dir, `${type}.json`);
  for (let n = 2; await exists(uri); n++) uri = vscode.Uri.joinPath(dir, `${type}-${n}.json`);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(`${JSON.stringify(payload, null, 2)}\n`));
  await vscode.window.showTextDocument(uri, { preview: false });
  return uri;
}
