import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import * as vscode from 'vscode';
import { buildEvent } from '../../src/core/events/catalog';
import type { MakiniDevToolsApi } from '../../src/extension';
import { clearReceiptsConfirmed, clearSecretsConfirmed } from './support/confirmed';
import { makiniApi, receiverUrl, treeRows } from './support/makiniApi';
import { SettingChanges } from './support/settingChanges';
import { waitFor } from './support/waitFor';

const SECRET = 'whk-refusal-test-secret-7b2e';

/** POSTs `body` with `headers` over a real socket; answers the status. */
function post(url: string, headers: Record<string, string>, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.once('error', reject);
    request.end(body);
  });
}

suite('Why was this refused?', () => {
  let makini: MakiniDevToolsApi;
  const settings = new SettingChanges();

  suiteSetup(async () => {
    makini = await makiniApi();
    await waitFor(() => makini.services.receiver.state.running, 'the receiver to run');
  });

  teardown(async () => {
    await settings.restore();
    await clearSecretsConfirmed(makini);
    await clearReceiptsConfirmed(makini);
  });

  test('a webhook signed in another header is refused; the panel shows the computation; Apply fix sets the header', async () => {
    await vscode.commands.executeCommand('makini.setWebhookSecret', SECRET);
    await waitFor(() => makini.services.receiver.state.hasSecret, 'the secret in effect');
    // Remembered as they are, so that teardown undoes what Apply fix writes.
    const current = (key: string): unknown => vscode.workspace.getConfiguration().inspect(key)?.globalValue;
    for (const key of ['makini.webhooks.signatureHeader', 'makini.webhooks.signatureEncoding'])
      await settings.set(key, current(key));

    const body = Buffer.from(JSON.stringify(buildEvent('sync.completed', {})));
    const hex = createHmac('sha256', SECRET).update(body).digest('hex');
    const headers = { 'content-type': 'application/json', 'x-hub-signature': `sha256=${hex}` };
    assert.equal(await post(receiverUrl(makini), headers, body), 401);
    const receipt = await waitFor(
      () => makini.services.receiver.receipts.query({ limit: 1 }).records.find((r) => r.diagnosis),
      'the refused receipt',
    );
    assert.equal(receipt.diagnosis?.header, 'x-hub-signature');

    // The row offers the question (its context value), and says the fix in its tooltip.
    await waitFor(
      async () =>
        (await treeRows(makini.views.receiverTree)).some(
          (r) => 'receipt' in (r.node as object) && r.description.includes('401'),
        ),
      'the refused row',
    );
    const rows = await treeRows(makini.views.receiverTree);
    const row = rows.find((r) => 'receipt' in (r.node as object));
    assert.ok(row);
    const item = makini.views.receiverTree.getTreeItem(row.node);
    assert.equal(item.contextValue, 'receiptRefused');
    const markdown =
      item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip);
    // Text appended to a MarkdownString keeps its spaces as &nbsp;.
    const tooltip = markdown.replace(/&nbsp;/g, ' ');
    assert.match(tooltip, /Fix: Set makini\.webhooks\.signatureHeader to x-hub-signature/);

    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>(
      'makini.explainRefusal',
      row.node,
    );
    assert.ok(panel, 'the command answers its panel');
    const html = panel.webview.html;
    assert.ok(html.includes('Why was this refused?'));
    assert.ok(html.includes('<button id="apply">Apply fix</button>'));
    assert.ok(html.includes(hex), 'the HMAC that matched');
    assert.ok(!html.includes(SECRET), 'never the secret');

    const changed = await vscode.commands.executeCommand<string>('makini.applyRefusalFix', receipt.id);
    assert.match(
      changed,
      /^Changed makini\.webhooks\.signatureHeader from x-webhook-signature to x-hub-signature/,
    );
    await waitFor(
      () => makini.services.settings.value.signatureHeader === 'x-hub-signature',
      'the header setting changed',
    );
    assert.equal(makini.services.settings.value.signatureEncoding, 'hex');
    // The same webhook now verifies.
    await waitFor(
      () =>
        makini.services.receiver.state.running &&
        makini.services.settings.value.signatureHeader === 'x-hub-signature',
      'the receiver to take the new header',
    );
    await waitFor(
      async () => (await post(receiverUrl(makini), headers, body)) === 200,
      'the webhook verified',
    );
    panel.dispose();
  });
});
