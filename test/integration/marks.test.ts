import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { MakiniDevToolsApi } from '../../src/extension';
import { checkTreeItem } from '../../src/host/checks/checkTreeItems';
import { mixedReport } from '../unit/core/checks/reportFixtures';
import { clearReceiptsConfirmed, clearSecretsConfirmed } from './support/confirmed';
import { makiniApi, receiverUrl, treeRows } from './support/makiniApi';
import { postWebhook } from './support/postWebhook';
import { SettingChanges } from './support/settingChanges';
import { waitFor } from './support/waitFor';

const SECRET = 'marks-suite-secret-5e0b';

/** The Local Receiver's newest receipt row. */
async function newestReceiptRow(makini: MakiniDevToolsApi): Promise<{ description: string; icon: string }> {
  const id = makini.services.receiver.receipts.query({ limit: 1 }).records[0]?.id;
  const rows = await treeRows(makini.views.receiverTree);
  const row = rows.find(
    (r) => 'receipt' in (r.node as object) && (r.node as { receipt: { id: string } }).receipt.id === id,
  );
  assert.ok(row, 'no row for the newest receipt');
  const item = makini.views.receiverTree.getTreeItem(row.node);
  return { description: row.description, icon: (item.iconPath as vscode.ThemeIcon).id };
}

suite('Colours and marks', () => {
  let makini: MakiniDevToolsApi;
  const settings = new SettingChanges();

  suiteSetup(async () => {
    makini = await makiniApi();
    await waitFor(() => makini.services.receiver.state.running, 'the receiver to run');
    await vscode.commands.executeCommand('makini.setWebhookSecret', SECRET);
  });

  teardown(async () => {
    await settings.restore();
    await vscode.commands.executeCommand('makini.simulateReceiverFailures', {});
  });

  suiteTeardown(async () => {
    await clearSecretsConfirmed(makini);
  });

  test('receiver rows show when they came, in local time with an age', async () => {
    await postWebhook(receiverUrl(makini), { secrets: [SECRET] });
    const row = await newestReceiptRow(makini);
    assert.match(row.description, /^✓ verified · 200 · .+ · (just now|\d+ s ago)$/);
  });

  test('a simulated 500 and an app that answers 401 get no ✓, and a failure icon', async () => {
    await vscode.commands.executeCommand('makini.simulateReceiverFailures', { respondStatus: 500 });
    await postWebhook(receiverUrl(makini), { secrets: [SECRET] });
    const simulated = await newestReceiptRow(makini);
    assert.ok(!simulated.description.includes('✓'), simulated.description);
    assert.match(simulated.description, /^✗ simulated failure · 500/);
    assert.equal(simulated.icon, 'error');
    await vscode.commands.executeCommand('makini.simulateReceiverFailures', {});

    const app = http.createServer((_request, response) =>
      response.writeHead(401).end('{"error":"bad signature"}'),
    );
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = app.address() as AddressInfo;
      await settings.set('makini.receiver.forwardTo', `http://127.0.0.1:${port}/hooks`);
      await waitFor(() => makini.services.receiver.state.forwardTo, 'the forward target');
      await postWebhook(receiverUrl(makini), { secrets: [SECRET] });
      const forwarded = await newestReceiptRow(makini);
      assert.ok(!forwarded.description.includes('✓'), forwarded.description);
      assert.match(forwarded.description, /^verified · ✗ app 401/);
      assert.equal(forwarded.icon, 'error');
    } finally {
      await new Promise<void>((resolve) => app.close(() => resolve()));
    }
  });

  test('a replay is marked as one', async () => {
    const url = new URL(receiverUrl(makini));
    await new Promise<void>((resolve, reject) => {
      const request = http.request(
        url,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-makini-devtools-replay': 'rcp_1' },
        },
        (response) => {
          response.resume();
          response.on('end', resolve);
        },
      );
      request.once('error', reject);
      request.end(
        JSON.stringify({ id: 'evt_replay_mark', type: 'sync.completed', connection_id: 'c', data: {} }),
      );
    });
    const row = await newestReceiptRow(makini);
    assert.match(row.description, / · replay · /);
  });

  test('Recent webhooks under a connection counts what it lists', async () => {
    await clearReceiptsConfirmed(makini);
    const key = makini.services.connections.list()[0]?.connection.key ?? '';
    for (let i = 0; i < 7; i++)
      await postWebhook(receiverUrl(makini), { secrets: [SECRET], connectionId: key });
    const connection = (await treeRows(makini.views.connectionsTree)).find(
      (r) => (r.node as { key?: string }).key === key,
    );
    const children = await treeRows(makini.views.connectionsTree, connection?.node);
    const recent = children.find((c) => c.label === 'Recent webhooks');
    const listed = await treeRows(makini.views.connectionsTree, recent?.node);
    assert.equal(recent?.description, `latest ${listed.length} of 7`);
  });

  test('the Endpoint Checks row counts skipped checks', () => {
    const item = checkTreeItem({ kind: 'checks' }, mixedReport());
    assert.match(String(item.description), /1 passed, 2 failed, 1 warned, 1 skipped$/);
  });
});
