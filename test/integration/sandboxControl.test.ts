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
  const healthyKey = (): string => {
    const found = makini.services.connections.list().find((c) => c.level === 'healthy');
    assert.ok(found, 'a healthy demo connection');
    return found.connection.key;
  };
  const level = (key: string): HealthLevel | undefined => makini.services.connections.get(key)?.level;
  const rowOf = async (key: string): Promise<vscode.TreeItem> => {
    const row = (await treeRows(makini.views.connectionsTree)).find((r) => r.node.key === key);
    assert.ok(row, key);
    return makini.views.connectionsTree.getTreeItem(row.node);
  };

  suiteSetup(async () => {
    makini = await makiniApi();
    assert.equal(makini.services.connections.mode, 'sandbox');
    await connectionsJudged(makini, 8);
  });

  test('Take Offline makes the connection offline; Bring Online makes it healthy again', async () => {
    const key = healthyKey();
    await vscode.commands.executeCommand('makini.takeOffline', { kind: 'connection', key });
    assert.equal(sandbox().sandbox.state.connection(key).online, false, 'through the control endpoint');
    await waitFor(() => level(key) === 'offline', `${key} to be offline`, 15_000);
    assert.equal((await rowOf(key)).contextValue, 'connection.offline', 'its menu now offers Bring Online');
    await vscode.commands.executeCommand('makini.bringOnline', { kind: 'connection', key });
    assert.equal(sandbox().sandbox.state.connection(key).online, true);
    await waitFor(
      () => {
        if (level(key) === 'healthy') return true;
        void vscode.commands.executeCommand('makini.refreshConnections', key);
        return undefined;
      },
      `${key} to be healthy again`,
      15_000,
    );
  });

  test('Require Reauthorization makes the connection need reauthorization', async () => {
    const key = healthyKey();
    try {
      await vscode.commands.executeCommand('makini.requireReauthorization', { kind: 'connection', key });
      assert.equal(sandbox().sandbox.state.connection(key).credentialsValid, false);
      await waitFor(() => level(key) === 'auth_required', `${key} to need reauthorization`, 15_000);
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
});
