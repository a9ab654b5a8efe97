import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DeliveryRecord } from '../../src/core/sender/deliveryRecord';
import type { MakiniDevToolsApi } from '../../src/extension';
import { makiniApi } from './support/makiniApi';
import { waitFor } from './support/waitFor';

suite('Delivery details panel and quick picks', () => {
  let makini: MakiniDevToolsApi;

  suiteSetup(async () => {
    makini = await makiniApi();
    await waitFor(() => makini.services.receiver.state.running, 'the receiver to run');
    await vscode.commands.executeCommand('makini.setWebhookSecret', 'details-focus-secret');
  });

  teardown(async () => {
    await vscode.commands.executeCommand('makini.simulateReceiverFailures', {});
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test("a retrying delivery's open details panel does not close a quick pick the user has open", async () => {
    await vscode.commands.executeCommand('makini.simulateReceiverFailures', { respondStatus: 503 });
    const sending = vscode.commands.executeCommand<DeliveryRecord[]>('makini.sendTestWebhook', {
      type: 'sync.failed',
      retryBaseMs: 150,
      maxAttempts: 8,
    });
    const live = await waitFor(
      () =>
        makini.services.deliveries.list().find((r) => r.status === 'delivering' && r.attempts.length >= 1),
      'the first attempt',
    );
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>(
      'makini.showDeliveryDetails',
      live.id,
    );
    await waitFor(() => panel.active, 'the panel to be the active editor');
    const firstHtml = panel.webview.html;
    const pick = vscode.window.createQuickPick();
    pick.items = [{ label: 'one' }, { label: 'two' }];
    let hidden = false;
    pick.onDidHide(() => (hidden = true));
    pick.show();
    try {
      const attemptsAtShow = makini.services.deliveries.get(live.id)?.attempts.length ?? 0;
      await waitFor(
        () => (makini.services.deliveries.get(live.id)?.attempts.length ?? 0) >= attemptsAtShow + 2,
        'two more attempts while the pick is open',
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(hidden, false, 'the quick pick closed on its own');
      assert.equal(panel.webview.html, firstHtml, 'the page was reloaded to update it');
    } finally {
      pick.dispose();
      await vscode.commands.executeCommand('makini.cancelDelivery', live.id);
      await sending;
    }
  });
});
