import * as vscode from 'vscode';
import { eamCollection } from '../../core/api/eamCollections';
import type { MakiniClient } from '../../core/api/makiniClient';
import { fetchNamedRecords, MAX_NAMED_RECORDS, recordsNamedBy } from '../../core/api/webhookRecords';
import type { ReceiptRecord } from '../../core/receiver/receiptRecord';
import type { CommandTable } from '../commands/registerCommands';
import { CommandIds } from '../constants';
import type { ReceiverService } from '../receiver/receiverService';
import { UserError } from '../userError';
import { Steps } from '../views/steps';
import type { ConnectionsService } from './connectionsService';
import { type RecordDocuments, recordsUri } from './recordDocuments';

/** What the record commands work with. */
export interface RecordCommandDeps {
  readonly connections: ConnectionsService;
  readonly receiver: ReceiverService;
  readonly documents: RecordDocuments;
}

/** The Data node's "Open Records Page" and a received entity webhook's "Open Records". */
export function recordCommands(deps: RecordCommandDeps): CommandTable {
  return {
    [CommandIds.openCollection]: (target) => openCollection(deps, target),
    [CommandIds.openReceiptRecords]: (target) => openReceiptRecords(deps, target),
  };
}

function clientOf(connections: ConnectionsService): MakiniClient {
  const client = connections.client;
  if (!client) throw new UserError('nothingYet', 'The connections are still loading; try again in a moment.');
  return client;
}

/** A collection's first page, `{key, collection}` from the Data node, as a read-only JSON document. */
async function openCollection(deps: RecordCommandDeps, target: unknown): Promise<vscode.TextEditor> {
  const { key, collection } = collectionTarget(target);
  const found = eamCollection(collection);
  const page = await clientOf(deps.connections).eamPage(key, found.name);
  return deps.documents.show(recordsUri(key, found.name), {
    connection: key,
    collection: found.path,
    page: page.currentPage,
    last_page: page.lastPage,
    total: page.total ?? null,
    data: page.records,
  });
}

function collectionTarget(target: unknown): { key: string; collection: string } {
  if (typeof target === 'object' && target !== null && 'key' in target && 'collection' in target) {
    const { key, collection } = target;
    if (typeof key === 'string' && typeof collection === 'string') return { key, collection };
  }
  throw new UserError('noSelection', 'Pick a collection under a connection’s Data node first.');
}

/**
 * "Open Records": fetches the records an ids-envelope entity webhook names, with the token of the
 * connection it came for, and shows them (and the ids the API no longer has) as a JSON document.
 */
async function openReceiptRecords(
  deps: RecordCommandDeps,
  target: unknown,
): Promise<vscode.TextEditor | undefined> {
  const { receipt, connection } = receiptTarget(deps.receiver, target);
  const named = recordsNamedBy(receipt);
  if (!named) {
    throw new UserError(
      'unsupported',
      'Open Records takes an entity webhook in the ids envelope, {"event": "work_orders.updated", "body": [ids]}.',
    );
  }
  const key = connection ?? receipt.connectionId ?? (await pickConnectionKey(deps.connections));
  if (!key) return undefined;
  const { records, missing } = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Window,
      title: `Makini: reading ${named.ids.length} ${named.collection.label.toLowerCase()}`,
    },
    () => fetchNamedRecords(clientOf(deps.connections), key, named),
  );
  return deps.documents.show(recordsUri(key, `${receipt.id}.${named.collection.name}`), {
    event: named.event,
    connection: key,
    collection: named.collection.path,
    ids: named.ids.length,
    ...(named.ids.length > MAX_NAMED_RECORDS ? { read: MAX_NAMED_RECORDS } : {}),
    data: records,
    missing: missing.map((m) => ({ key: m.key, status: m.status ?? null, request_id: m.requestId ?? null })),
  });
}

/** A receipt from a Local Receiver row (`{receipt}`), a Connections row (`{key, receiptId}`) or its id. */
function receiptTarget(
  receiver: ReceiverService,
  target: unknown,
): { receipt: ReceiptRecord; connection?: string } {
  let id: string | undefined;
  let connection: string | undefined;
  if (typeof target === 'string') id = target;
  else if (typeof target === 'object' && target !== null) {
    if ('receiptId' in target && typeof target.receiptId === 'string') {
      id = target.receiptId;
      if ('key' in target && typeof target.key === 'string') connection = target.key;
    } else if ('receipt' in target) {
      const receipt = target.receipt;
      if (
        typeof receipt === 'object' &&
        receipt !== null &&
        'id' in receipt &&
        typeof receipt.id === 'string'
      )
        id = receipt.id;
    }
  }
  const receipt = id === undefined ? undefined : receiver.receipts.get(id);
  if (!receipt)
    throw new UserError('noSelection', 'Pick a received webhook in the Local Receiver view first.');
  return { receipt, ...(connection ? { connection } : {}) };
}

/** The ids envelope has no connection field: ask which connection's records these are. */
async function pickConnectionKey(connections: ConnectionsService): Promise<string | undefined> {
  const picked = await Steps.single().pick(
    connections
      .list()
      .map((c) => ({ label: c.connection.name, description: c.connection.key, key: c.connection.key })),
    { title: 'Open Records: which connection sent it?', matchOnDescription: true },
  );
  return picked?.key;
}
