import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HealthLevel } from '../../src/core/health/healthLevel';
import type { MakiniDevToolsApi } from '../../src/extension';
import { control } from './support/http';
import { connectionsJudged, makiniApi, treeRows } from './support/makiniApi';
import { waitFor } from './support/waitFor';

suite('Sandbox commands on a connection', () => {
  let makini: MakiniDevToolsApi;
  const sandbox = (): NonNullable<MakiniDevToolsApi['services']['connections']['sandbox']> =>
    makini.services.connections.sandbox ?? assert.fail('no sandbox');
  /** A connection healthy both in the view and in the sandbox (earlier suites change some). */
  const healthyKey = (): string => {
    const state = sandbox().sandbox.state;
    const found = makini.services.connections.list().find((c) => {
      const held = state.connection(c.connection.key);
      const synced = held.syncStatus === 'done' || held.syncStatus === 'fulldone';
      return (
        c.level === 'healthy' && held.online && held.credentialsValid && synced && held.status === 'Active'
      );
    });
    assert.ok(found, 'a healthy demo connection');
    return found.connection.key;
  };
  /** Waits for `key` to reach `wanted`, reading its status again meanwhile (as a poll would). */
  const reach = (key: string, wanted: HealthLevel): Promise<boolean> =>
    waitFor(
      () => {
        if (level(key) === wanted) return true;
        void vscode.commands.executeCommand('makini.refreshConnections', key);
        return undefined;
      },
      `${key} to be ${wanted} (now ${level(key) ?? 'unlisted'})`,
      15_000,
    );
  const level = (key: string): HealthLevel | undefined => makini.services.connections.get(key)?.level;
  const rowOf = async (key: string): Promise<vscode.TreeItem> => {
    const row = (await treeRows(makini.views.connectionsTree)).find((r) => r.node.key === key);
    assert.ok(row, key);
    return makini.views.connectionsTree.getTreeItem(row.node);
  };

  suiteSetup(async () => {
    makini = await makiniApi();
    await connectionsJudged(makini, 8);
    assert.equal(makini.services.connections.mode, 'sandbox');
  });

  test('Take Offline makes the connection offline; Bring Online makes it healthy again', async () => {
    const key = healthyKey();
    try {
      await vscode.commands.executeCommand('makini.takeOffline', { kind: 'connection', key });
      assert.equal(sandbox().sandbox.state.connection(key).online, false, 'through the control endpoint');
      await reach(key, 'offline');
      assert.equal((await rowOf(key)).contextValue, 'connection.offline', 'its menu now offers Bring Online');
      await vscode.commands.executeCommand('makini.bringOnline', { kind: 'connection', key });
      assert.equal(sandbox().sandbox.state.connection(key).online, true);
      await reach(key, 'healthy');
    } finally {
      await control(sandbox().url, `/_sandbox/connections/${key}/online`, { online: true });
    }
  });

  test('Require Reauthorization makes the connection need reauthorization', async () => {
    const key = healthyKey();
    try {
      await vscode.commands.executeCommand('makini.requireReauthorization', { kind: 'connection', key });
      assert.equal(sandbox().sandbox.state.connection(key).credentialsValid, false);
      await reach(key, 'auth_required');
      assert.equal((await rowOf(key)).contextValue, 'connection.auth_required');
    } finally {
      await control(sandbox().url, `/_sandbox/connections/${key}/reauthorize`);
      await vscode.commands.executeCommand('makini.refreshConnections', key);
    }
  });

  test('Inject API Fault: the next API call gets the fault picked; Expire Tokens: the client renews them', async () => {
    const answered: string[] = [];
    const stop = sandbox().sandbox.onEvent((e) => {
      if (e.type === 'request') answered.push(`${e.request.status} ${e.request.method} ${e.request.path}`);
    });
    try {
      const picked: unknown = await vscode.commands.executeCommand(
        'makini.injectApiFault',
        undefined,
        'server_error',
      );
      assert.equal(picked, 'server_error');
      await vscode.commands.executeCommand('makini.refreshConnections');
      await waitFor(() => answered.some((a) => a.startsWith('500 ')), 'an API call answered 500');
      answered.length = 0;
      await vscode.commands.executeCommand('makini.expireTokens');
      await vscode.commands.executeCommand('makini.refreshConnections');
      await waitFor(() => {
        const refused = answered.findIndex((a) => a.startsWith('401 '));
        return refused >= 0 && refused < answered.lastIndexOf('200 POST /link/token');
      }, 'a 401 for an expired token, then a new admin token');
      assert.equal(makini.services.connections.list().length, 8);
    } finally {
      stop();
    }
  });

  test('Change a Record moves a work order to its next status, and its webhook reaches the Local Receiver', async () => {
    const key = healthyKey();
    const before = makini.services.receiver.receipts.query({ limit: 1 }).total;
    const change = await vscode.commands.executeCommand<{ workOrder: string; from: string; to: string }>(
      'makini.changeRecord',
      { kind: 'connection', key },
    );
    assert.notEqual(change.to, change.from);
    const receipt = await waitFor(() => {
      const { records, total } = makini.services.receiver.receipts.query({ limit: 5 });
      if (total === before) return undefined;
      return records.find((r) => r.eventType === 'work_orders.updated' && r.body.includes(change.workOrder));
    }, 'the work_orders.updated webhook at the receiver');
    assert.equal(receipt.envelope, 'ids');
    const rows = await treeRows(makini.views.receiverTree);
    assert.ok(
      rows.some((r) => r.node.kind === 'receipt' && r.label === 'work_orders.updated'),
      rows.map((r) => r.label).join(', '),
    );
    const client = makini.services.connections.client ?? assert.fail('no client');
    const order = await client.eamRecord(key, 'work-orders', change.workOrder);
    const statuses = await client.call({
      method: 'GET',
      path: '/api/eam/statuses/work-orders',
      connectionId: key,
    });
    const now = (statuses.body as { data: { key: string; name: string }[] }).data.find(
      (s) => s.key === order.statusKey,
    );
    assert.equal(now?.name, change.to, 'the API reads the new status');
  });

  test('Set Read-Only: a read-only connection answers the change and keeps its data, as Makini sandboxes do', async () => {
    const key = healthyKey();
    const client = makini.services.connections.client ?? assert.fail('no client');
    try {
      assert.equal(
        await vscode.commands.executeCommand('makini.setReadOnly', { kind: 'connection', key }, true),
        true,
      );
      assert.equal(sandbox().sandbox.state.connection(key).readOnly, true);
      const first = (await client.eamPage(key, 'work-orders', { perPage: 1 })).records[0];
      assert.ok(first);
      const change = await vscode.commands.executeCommand<{ workOrder: string }>('makini.changeRecord', {
        kind: 'connection',
        key,
      });
      assert.equal(change.workOrder, first.key);
      const after = await client.eamRecord(key, 'work-orders', first.key);
      assert.equal(after.statusKey, first.statusKey, 'a read-only connection changes nothing');
    } finally {
      await vscode.commands.executeCommand('makini.setReadOnly', { kind: 'connection', key }, false);
    }
    assert.equal(sandbox().sandbox.state.connection(key).readOnly, false);
  });
});
