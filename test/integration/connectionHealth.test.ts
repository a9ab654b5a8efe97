import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HealthLevel } from '../../src/core/health/healthLevel';
import type { MakiniDevToolsApi } from '../../src/extension';
import { control } from './support/http';
import { connectionsJudged, makiniApi, receiverUrl, treeRows } from './support/makiniApi';
import { postWebhook } from './support/postWebhook';
import { spyOnNotifications } from './support/windowSpy';
import { waitFor } from './support/waitFor';

const SECRET = 'whk-health-secret-7c1e';

suite('Connection health and alerts', () => {
  let makini: MakiniDevToolsApi;

  const keyOf = (prefix: string): string => {
    const found = makini.services.connections.list().find((c) => c.connection.name.startsWith(prefix));
    assert.ok(found, `no demo connection ${prefix}`);
    return found.connection.key;
  };
  const level = (key: string): HealthLevel | undefined => makini.services.connections.get(key)?.level;
  const sandboxUrl = (): string => makini.services.connections.sandbox?.url ?? assert.fail('no sandbox');
  const tooltipOf = async (key: string): Promise<string> => {
    const row = (await treeRows(makini.views.connectionsTree)).find((r) => r.node.key === key);
    assert.ok(row, key);
    const tooltip = makini.views.connectionsTree.getTreeItem(row.node).tooltip;
    return tooltip instanceof vscode.MarkdownString ? tooltip.value : String(tooltip ?? '');
  };

  suiteSetup(async () => {
    makini = await makiniApi();
    await connectionsJudged(makini, 8);
  });

  test('an alert is shown through the notification API, naming the provider once', async () => {
    const spy = spyOnNotifications('showWarningMessage');
    try {
      const key = keyOf('Acme Steel');
      assert.equal(level(key), 'healthy');
      await control(sandboxUrl(), `/_sandbox/connections/${key}/rotate-credentials`);
      await waitFor(
        () => {
          if (level(key) === 'auth_required') return true;
          void vscode.commands.executeCommand('makini.refreshConnections');
          return undefined;
        },
        `${key} to need reauthorization`,
        15_000,
      );
      const raised = makini.services.alerts.raised.at(-1);
      assert.equal(raised?.key, key);
      const shown = await waitFor(
        () => spy.calls.find((c) => c.message === raised?.message),
        'the alert to reach vscode.window.showWarningMessage',
      );
      assert.match(shown.message, /^Makini: Acme Steel \(SAP PM\) needs reauthorization: /);
      assert.equal(shown.message.split('SAP PM').length - 1, 1, shown.message);
      assert.deepEqual(shown.actions, ['Reconnect', 'Show']);
      const row = (await treeRows(makini.views.connectionsTree)).find((r) => r.node.key === key);
      assert.equal(row?.label, 'Acme Steel (SAP PM)');
      assert.equal(row?.description, 'needs reauthorization');
    } finally {
      spy.restore();
      await control(sandboxUrl(), `/_sandbox/connections/${keyOf('Acme Steel')}/reauthorize`);
    }
  });

  test('a test sync.failed webhook asks for a re-check, and health follows the API', async () => {
    assert.equal(await vscode.commands.executeCommand('makini.setWebhookSecret', SECRET), true);
    await waitFor(() => makini.services.receiver.state.hasSecret, 'the receiver to take the secret');
    const key = keyOf('Northwind');
    await vscode.commands.executeCommand('makini.refreshConnections', key);
    assert.equal(level(key), 'healthy');
    const alertsBefore = makini.services.alerts.raised.length;
    const before = makini.services.receiver.receipts.query({ connectionId: key, limit: 1 }).total;
    const posted = await postWebhook(receiverUrl(makini), {
      type: 'sync.failed',
      secrets: [SECRET],
      connectionId: key,
    });
    assert.equal(posted.status, 200, posted.body);
    await waitFor(
      () => makini.services.receiver.receipts.query({ connectionId: key, limit: 1 }).total > before,
      'the receipt',
    );
    // The receipt's re-check, and the polls after it: the API says the last sync finished.
    await vscode.commands.executeCommand('makini.refreshConnections', key);
    await vscode.commands.executeCommand('makini.refreshConnections');
    await vscode.commands.executeCommand('makini.refreshConnections');
    const health = makini.services.connections.get(key);
    assert.equal(health?.level, 'healthy', health?.reason);
    assert.match(health?.syncStatus ?? '', /^(done|fulldone)$/);
    const tooltip = await tooltipOf(key);
    assert.match(tooltip, /Health: \*\*healthy\*\*/);
    assert.ok(
      tooltip.includes(`sync status: ${health?.syncStatus === 'done' ? 'done' : 'full sync done'}`),
      tooltip,
    );
    const alerts = makini.services.alerts.raised.slice(alertsBefore).filter((a) => a.key === key);
    assert.deepEqual(alerts, [], 'a webhook the API refutes raises no alert');
  });

  test('a connection going offline is alerted once its re-check confirms it, not as "checking…"', async () => {
    const spy = spyOnNotifications('showWarningMessage');
    const key = keyOf('Acme Steel');
    try {
      await vscode.commands.executeCommand('makini.refreshConnections', key);
      const before = makini.services.alerts.raised.length;
      // The sandbox sends its signed connection.status_changed webhook to the local receiver.
      await control(sandboxUrl(), `/_sandbox/connections/${key}/online`, { online: false });
      const raised = await waitFor(
        () => makini.services.alerts.raised.slice(before).find((a) => a.key === key),
        `an alert for ${key}`,
        15_000,
      );
      assert.equal(raised.level, 'offline');
      assert.doesNotMatch(raised.message, /checking/, raised.message);
      assert.match(raised.message, /^Makini: Acme Steel \(SAP PM\) offline: /);
      await waitFor(() => spy.calls.find((c) => c.message === raised.message), 'the toast');
    } finally {
      spy.restore();
      await control(sandboxUrl(), `/_sandbox/connections/${key}/online`, { online: true });
    }
  });

  test("a connection's tooltip shows only its own last error", async () => {
    const wayne = keyOf('Wayne Water');
    await vscode.commands.executeCommand('makini.refreshConnections');
    const own = makini.services.connections.lastErrorOf(wayne)?.requestId;
    assert.ok(own, 'Wayne Water has its own failed status call');
    assert.ok((await tooltipOf(wayne)).includes(own));
    for (const other of makini.services.connections.list()) {
      if (other.connection.key === wayne) continue;
      assert.ok(!(await tooltipOf(other.connection.key)).includes(own), other.connection.name);
    }
  });
});
