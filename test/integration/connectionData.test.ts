import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EAM_COLLECTIONS } from '../../src/core/api/eamCollections';
import type { MakiniDevToolsApi } from '../../src/extension';
import type { ConnectionNode } from '../../src/host/connections/connectionsTreeModel';
import { connectionsJudged, makiniApi, receiverUrl, treeRows } from './support/makiniApi';
import { postIdsWebhook } from './support/postWebhook';
import { waitFor } from './support/waitFor';

const SECRET = 'whk-data-secret-41d7';

suite('Connection data and Open Records', () => {
  let makini: MakiniDevToolsApi;
  const firstKey = (): string =>
    makini.services.connections.list()[0]?.connection.key ?? assert.fail('no connection');
  const dataNode = async (key: string): Promise<ConnectionNode> => {
    const rows = await treeRows(makini.views.connectionsTree, { kind: 'connection', key });
    const data = rows.find((r) => r.label === 'Data');
    assert.ok(data, `no Data node among ${rows.map((r) => r.label).join(', ')}`);
    return data.node;
  };

  suiteSetup(async () => {
    makini = await makiniApi();
    await connectionsJudged(makini, 8);
  });

  test('each connection has a read-only Data node listing the EAM collections', async () => {
    const node = await dataNode(firstKey());
    const item = makini.views.connectionsTree.getTreeItem(node);
    assert.equal(item.description, `${EAM_COLLECTIONS.length} collections · read-only`);
    const rows = await treeRows(makini.views.connectionsTree, node);
    assert.deepEqual(
      rows.map((r) => r.label),
      EAM_COLLECTIONS.map((c) => c.label),
    );
    const workOrders = rows.find((r) => r.label === 'Work orders');
    assert.ok(workOrders);
    assert.equal(
      makini.views.connectionsTree.getTreeItem(workOrders.node).command?.command,
      'makini.openCollection',
    );
  });

  test('an entity webhook in the ids envelope offers Open Records', async () => {
    assert.equal(await vscode.commands.executeCommand('makini.setWebhookSecret', SECRET), true);
    await waitFor(() => makini.services.receiver.state.hasSecret, 'the receiver to take the secret');
    const key = firstKey();
    const ids = [`wo_${Date.now()}`];
    const posted = await postIdsWebhook(receiverUrl(makini), {
      event: 'work_orders.updated',
      ids,
      secrets: [SECRET],
      connectionId: key,
    });
    assert.equal(posted.status, 200);
    const row = (await treeRows(makini.views.receiverTree)).find(
      (r) => r.node.kind === 'receipt' && r.label === 'work_orders.updated',
    );
    assert.ok(row, 'the receipt is listed');
    assert.equal(makini.views.receiverTree.getTreeItem(row.node).contextValue, 'receiptEntity');
  });

  test('the Data node counts each collection with the connection’s token', async () => {
    const node = await dataNode(firstKey());
    await treeRows(makini.views.connectionsTree, node); // Expanding it starts the counts.
    const counted = await waitFor(
      async () => {
        const rows = await treeRows(makini.views.connectionsTree, node);
        return rows.every((r) => /^\d+ records?$/.test(r.description)) ? rows : undefined;
      },
      'every collection to be counted',
      20_000,
    );
    const workOrders = counted.find((r) => r.label === 'Work orders');
    assert.match(workOrders?.description ?? '', /^[1-9]\d* records$/);
  });

  test('a collection opens its first page as a read-only JSON document', async () => {
    const key = firstKey();
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('makini.openCollection', {
      kind: 'collection',
      key,
      collection: 'work-orders',
    });
    assert.equal(editor.document.uri.scheme, 'makini-records');
    assert.equal(editor.document.languageId, 'json');
    const shown = JSON.parse(editor.document.getText()) as {
      connection: string;
      page: number;
      data: { key: string }[];
    };
    assert.equal(shown.connection, key);
    assert.equal(shown.page, 1);
    assert.ok(shown.data.length > 0);
    // A content provider's document: the editor shows it read-only, and nothing can write it back.
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'x'));
    assert.equal(await editor.document.save(), false, 'a page of records cannot be saved');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('Open Records fetches the work orders a webhook names, and lists the ids no longer there', async () => {
    assert.equal(await vscode.commands.executeCommand('makini.setWebhookSecret', SECRET), true);
    await waitFor(() => makini.services.receiver.state.hasSecret, 'the receiver to take the secret');
    const key = firstKey();
    const client = makini.services.connections.client ?? assert.fail('no client');
    const page = await client.eamPage(key, 'work-orders', { perPage: 2 });
    const ids = [...page.records.map((r) => r.key), 'no-such-work-order'];
    await postIdsWebhook(receiverUrl(makini), {
      event: 'work_orders.updated',
      ids,
      secrets: [SECRET],
      connectionId: key,
    });
    const receipt = makini.services.receiver.receipts.query({ limit: 1 }).records[0];
    assert.ok(receipt);
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('makini.openReceiptRecords', {
      receipt,
    });
    const shown = JSON.parse(editor.document.getText()) as {
      event: string;
      data: { key: string }[];
      missing: { key: string; status: number; request_id: string }[];
    };
    assert.equal(shown.event, 'work_orders.updated');
    assert.deepEqual(
      shown.data.map((r) => r.key),
      ids.slice(0, 2),
    );
    assert.equal(shown.missing[0]?.key, 'no-such-work-order');
    assert.equal(shown.missing[0]?.status, 404);
  });
});
