import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EVENT_TYPES } from '../../src/core/events/catalog';
import type { HealthLevel } from '../../src/core/health/healthLevel';
import type { MakiniDevToolsApi } from '../../src/extension';
import { control, request } from './support/http';
import { connectionsJudged, makiniApi, treeRows } from './support/makiniApi';
import { waitFor } from './support/waitFor';

suite('Connections', () => {
  let makini: MakiniDevToolsApi;

  const level = (key: string): HealthLevel | undefined => makini.services.connections.get(key)?.level;
  const sandboxUrl = (): string => {
    const url = makini.services.connections.sandbox?.url;
    assert.ok(url, 'the sandbox is not running');
    return url;
  };
  /** Polls until `key` reaches `wanted` (a transition must hold for two observations). */
  const pollUntil = (key: string, wanted: HealthLevel): Promise<true> =>
    waitFor(
      () => {
        if (level(key) === wanted) return true;
        void vscode.commands.executeCommand('makini.refreshConnections');
        return undefined;
      },
      `${key} to become ${wanted} (now ${level(key)})`,
      15_000,
    );
  const healthyKey = (): string => {
    const found = makini.services.connections.list().find((c) => c.level === 'healthy');
    assert.ok(found, 'no healthy demo connection');
    return found.connection.key;
  };

  suiteSetup(async () => {
    makini = await makiniApi();
    await connectionsJudged(makini, 8);
  });

  test('activation in sandbox mode fills Connections with the demo connections and their health', async () => {
    assert.equal(makini.services.connections.mode, 'sandbox');
    assert.equal(makini.views.connections.description, 'Sandbox');
    const rows = await treeRows(makini.views.connectionsTree);
    assert.equal(rows.length, 8);
    // The demo names carry their provider ("Acme Steel (SAP PM)"), so the row says it once.
    for (const provider of ['SAP PM', 'IBM Maximo', 'Fiix', 'UpKeep']) {
      const row = rows.find((r) => r.label.endsWith(`(${provider})`));
      assert.ok(row, provider);
      assert.ok(!row.description.includes(provider), row.description);
    }
    const labels = new Set(rows.map((r) => r.description));
    assert.ok(labels.has('healthy'), [...labels].join(', '));
    assert.ok(labels.size >= 4, `a spread of health levels, got ${[...labels].join(', ')}`);
    const attention = makini.services.connections.needingAttention().length;
    assert.ok(attention > 0);
    assert.equal(makini.views.connections.badge?.value, attention);
    assert.match(makini.statusBar.text, new RegExp(`\\$\\(warning\\) ${attention}$`));

    const children = await treeRows(makini.views.connectionsTree, rows[0]?.node);
    assert.deepEqual(
      children.map((c) => c.label),
      ['Webhook events', 'Recent webhooks', 'Data'],
    );
    const events = await treeRows(makini.views.connectionsTree, children[0]?.node);
    assert.equal(events.length, EVENT_TYPES.length);
  });

  test('a credentials rotation turns a connection auth_required with one alert and a verified webhook; Reconnect restores it', async () => {
    const key = healthyKey();
    const alertsBefore = makini.services.alerts.raised.length;
    const receiptsBefore = makini.services.receiver.receipts.size;
    assert.equal(
      (await control(sandboxUrl(), `/_sandbox/connections/${key}/rotate-credentials`)).status,
      200,
    );

    await pollUntil(key, 'auth_required');
    const webhook = await waitFor(
      () =>
        makini.services.receiver.receipts
          .query({ connectionId: key, type: 'connection.auth_required', limit: 1 })
          .records.find(() => makini.services.receiver.receipts.size > receiptsBefore),
      'the connection.auth_required webhook',
    );
    assert.equal(webhook.verified, true);
    const receiverRows = await treeRows(makini.views.receiverTree);
    assert.ok(
      receiverRows.some(
        (r) => r.label === 'connection.auth_required' && r.description.startsWith('✓ verified'),
      ),
      JSON.stringify(receiverRows.slice(0, 6)),
    );
    // More polls do not raise it again.
    await vscode.commands.executeCommand('makini.refreshConnections');
    await vscode.commands.executeCommand('makini.refreshConnections');
    // Only this connection's: the sandbox's offline one may cross into offline on these polls.
    const alerts = makini.services.alerts.raised.slice(alertsBefore).filter((a) => a.key === key);
    assert.deepEqual(
      alerts.map((a) => [a.key, a.level]),
      [[key, 'auth_required']],
    );
    const row = (await treeRows(makini.views.connectionsTree)).find(
      (r) => (r.node as { key: string }).key === key,
    );
    assert.equal(row?.description, 'needs reauthorization');

    // Reconnect opens the reauthorization page as the browser reaches it (asExternalUri: under
    // code-server, its /proxy/<port>/); pressing its button is what the user does there.
    const url = await vscode.commands.executeCommand<string>('makini.reconnect', { kind: 'connection', key });
    assert.ok(url.endsWith(`/link/reauthorize/${key}`), url);
    const page = await request(url);
    const nonce = /name="nonce" value="([0-9a-f]+)"/.exec(page.body)?.[1];
    assert.ok(nonce, page.body);
    const action = /<form method="post" action="([^"]+)"/.exec(page.body)?.[1] ?? '';
    assert.equal(new URL(action, url).href, url, 'the form posts back to the page it came from');
    const pressed = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `nonce=${nonce}`,
    });
    assert.equal(pressed.status, 200);
    await pollUntil(key, 'healthy');
  });

  test('a webhook for a connection refreshes the rows of that connection, never the whole list', async () => {
    const key = healthyKey();
    const tree = makini.views.connectionsTree;
    const connectionNode = tree.getChildren().find((n) => n.key === key);
    assert.ok(connectionNode);
    // The nodes the view holds: a change names one of these objects, or VS Code ignores it.
    const webhooksNode = tree.getChildren(connectionNode).find((n) => n.kind === 'webhooks');
    assert.ok(webhooksNode);
    const fired: (readonly unknown[] | undefined)[] = [];
    const watch = tree.onDidChangeTreeData((nodes) => fired.push(nodes ?? undefined));
    try {
      const before = makini.services.receiver.receipts.query({ connectionId: key, limit: 1 }).total;
      await control(sandboxUrl(), `/_sandbox/connections/${key}/sync`, { outcome: 'done' });
      await makini.services.connections.sandbox?.sandbox.settled();
      await waitFor(
        () => makini.services.receiver.receipts.query({ connectionId: key, limit: 1 }).total > before,
        `a webhook for ${key}`,
      );
      assert.ok(fired.length > 0, 'the tree fired');
      assert.ok(
        fired.every((nodes) => nodes !== undefined),
        'the whole list was refreshed',
      );
      assert.ok(
        fired.some((nodes) => nodes?.includes(webhooksNode)),
        `the connection's webhooks node did not fire`,
      );
    } finally {
      watch.dispose();
    }
  });

  test('unchecking an event type for a connection stops the sandbox sending it', async () => {
    const key = healthyKey();
    const others = makini.services.connections.sandbox?.sandbox;
    assert.ok(others);
    const sent = (type: string): number =>
      others.deliveries().filter((d) => d.connectionId === key && d.type === type).length;

    await control(sandboxUrl(), `/_sandbox/connections/${key}/sync`, { outcome: 'error' });
    await others.settled();
    const before = sent('sync.failed');
    assert.ok(before >= 1, 'the sandbox sends sync.failed while it is checked');

    const allButFailed = (await treeRows(makini.views.connectionsTree, { kind: 'events', key }))
      .map((r) => r.label)
      .filter((t) => t !== 'sync.failed');
    await vscode.commands.executeCommand(
      'makini.setConnectionEventTypes',
      { kind: 'connection', key },
      allButFailed,
    );
    const events = await treeRows(makini.views.connectionsTree, { kind: 'events', key });
    const failedRow = events.find((r) => r.label === 'sync.failed');
    assert.ok(failedRow);
    const item = makini.views.connectionsTree.getTreeItem(failedRow.node);
    assert.equal(item.checkboxState, vscode.TreeItemCheckboxState.Unchecked);

    await control(sandboxUrl(), `/_sandbox/connections/${key}/sync`, { outcome: 'error' });
    await others.settled();
    assert.equal(sent('sync.failed'), before, 'sync.failed was sent while unchecked');

    await vscode.commands.executeCommand('makini.setConnectionEventTypes', key, null);
    await control(sandboxUrl(), `/_sandbox/connections/${key}/sync`, { outcome: 'done' });
    await others.settled();
  });
});
