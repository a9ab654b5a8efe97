import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Sandbox } from '../../src/core/sandbox/sandbox';
import type { MakiniDevToolsApi } from '../../src/extension';
import { makiniApi, treeRows } from './support/makiniApi';
import { SettingChanges } from './support/settingChanges';
import { waitFor } from './support/waitFor';
import { spyOnNotifications } from './support/windowSpy';

/**
 * Live mode against a stand-in for api.makini.io: a second sandbox, started here, with its own
 * credentials and twelve generated connections (the built-in sandbox has eight).
 */
suite('Live mode (Connect / Disconnect)', () => {
  let makini: MakiniDevToolsApi;
  let remote: Sandbox;
  let remoteUrl: string;
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('makini');
  const settings = new SettingChanges();
  const credentials = { clientId: 'client_live_test', clientSecret: 'live-client-secret-4f1a' };

  suiteSetup(async () => {
    makini = await makiniApi();
    remote = new Sandbox({ credentials, connections: 12, seed: 7 });
    remoteUrl = await remote.start();
    await settings.set('makini.apiUrl', remoteUrl.replace(/\/$/, ''));
    await waitFor(
      () => makini.services.settings.value.apiUrl === remoteUrl.replace(/\/$/, ''),
      'the API URL',
    );
  });

  suiteTeardown(async () => {
    if (makini.services.connections.mode === 'live')
      await vscode.commands.executeCommand('makini.disconnect');
    await settings.restore();
    await remote.stop();
  });

  const tooltips = async (): Promise<string[]> => {
    const tree = makini.views.connectionsTree;
    return (await treeRows(tree)).map(({ node }) => {
      const tooltip = tree.getTreeItem(node).tooltip;
      return tooltip instanceof vscode.MarkdownString ? tooltip.value : String(tooltip ?? '');
    });
  };

  test('wrong credentials are refused with the request ID, and nothing is stored', async () => {
    const spy = spyOnNotifications('showErrorMessage');
    let connected: boolean;
    try {
      connected = await vscode.commands.executeCommand<boolean>('makini.connect', {
        clientId: credentials.clientId,
        clientSecret: 'not-the-secret',
      });
    } finally {
      spy.restore();
    }
    assert.equal(connected, false);
    const shown = spy.calls.at(-1);
    assert.match(
      shown?.message ?? '',
      /^Makini: connecting failed\. Makini refused the client ID and secret \(HTTP 401\)\./,
    );
    assert.ok(shown?.message.includes('Settings > Application Settings'), shown?.message);
    assert.ok(!/status page/i.test(shown?.message ?? ''), shown?.message);
    assert.deepEqual(shown?.actions, ['Enter Again', 'Copy Support Details']);
    assert.equal(makini.services.connections.mode, 'sandbox');
    const report = makini.services.connections.lastError;
    assert.equal(report?.status, 401);
    assert.match(report?.requestId ?? '', /\S+/);
    const details = await vscode.commands.executeCommand<string>('makini.copySupportDetails');
    assert.ok(details.includes(`Request ID: ${report?.requestId ?? '?'}`), details);
    assert.ok(!details.includes('not-the-secret'));
    const version = (
      vscode.extensions.getExtension('makini-devtools.makini-devtools')?.packageJSON as {
        version: string;
      }
    ).version;
    assert.ok(details.includes(`Extension version: ${version}`), details);
    assert.ok(details.includes('Mode: sandbox'), details);
    assert.match(details, /API URL: http:\/\/127\.0\.0\.1:\d+\//);
    assert.ok(details.includes(`Editor: ${vscode.env.appName} ${vscode.version}`), details);
    assert.match(details, new RegExp(`OS: ${process.platform} `));
    // The failed Connect was no connection's call: no tooltip shows its request ID.
    const shownIds = (await tooltips()).filter((t) => t.includes(report?.requestId ?? '?'));
    assert.deepEqual(shownIds, []);
    assert.equal(await makini.services.secrets.get('makini.clientSecret'), undefined);
  });

  test('Connect checks the credentials, keeps the secret in SecretStorage and lists the account', async () => {
    assert.equal(await vscode.commands.executeCommand('makini.connect', credentials), true);
    assert.equal(makini.services.connections.mode, 'live');
    assert.equal(await makini.services.secrets.get('makini.clientSecret'), credentials.clientSecret);
    assert.ok(!JSON.stringify(config()).includes(credentials.clientSecret), 'the secret is in settings');
    await waitFor(() => makini.services.connections.list().length === 12, 'the twelve live connections');
    assert.match(makini.views.connections.description ?? '', /^Live · http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('Disconnect forgets the credentials and returns to the sandbox', async () => {
    await vscode.commands.executeCommand('makini.disconnect');
    assert.equal(makini.services.connections.mode, 'sandbox');
    assert.equal(await makini.services.secrets.get('makini.clientSecret'), undefined);
    await waitFor(() => makini.services.connections.list().length === 8, 'the eight sandbox connections');
    assert.equal(makini.views.connections.description, 'Sandbox');
  });

  test('a poll that cannot reach Makini shows an error state, in the view and the status bar', async () => {
    const doomed = new Sandbox({ credentials, connections: 3, seed: 9 });
    const doomedUrl = (await doomed.start()).replace(/\/$/, '');
    await settings.set('makini.apiUrl', doomedUrl);
    await waitFor(() => makini.services.settings.value.apiUrl === doomedUrl, 'the API URL');
    try {
      assert.equal(await vscode.commands.executeCommand('makini.connect', credentials), true);
      await waitFor(() => makini.services.connections.list().length === 3, 'the three connections');
      await doomed.stop(); // Its port now refuses connections.
      await vscode.commands.executeCommand('makini.refreshConnections');
      const expected = `Could not reach Makini at ${doomedUrl}: ECONNREFUSED`;
      const rows = await waitFor(async () => {
        const first = (await treeRows(makini.views.connectionsTree))[0];
        return first?.label === expected ? first : undefined;
      }, 'the unreachable row');
      const item = makini.views.connectionsTree.getTreeItem(rows.node);
      assert.equal(item.contextValue, 'connectionsUnreachable');
      assert.match(makini.statusBar.text, /\$\(error\) unreachable/);
      assert.ok(makini.statusBar.tooltip.includes(expected), makini.statusBar.tooltip);
      assert.ok(!makini.statusBar.tooltip.includes('No connection needs attention'));

      await vscode.commands.executeCommand('makini.useSandbox');
      assert.equal(makini.services.connections.mode, 'sandbox');
      await waitFor(() => makini.services.connections.list().length === 8, 'the sandbox connections');
      // The view follows the service on its change event: wait for it rather than race it.
      const listed = await waitFor(async () => {
        const now = await treeRows(makini.views.connectionsTree);
        return now.length === 8 ? now : undefined;
      }, 'the view to list the eight sandbox connections');
      assert.ok(
        listed.every((r) => r.node.kind === 'connection'),
        listed.map((r) => r.node.kind).join(', '),
      );
      assert.ok(!makini.statusBar.tooltip.includes('Could not reach'), makini.statusBar.tooltip);
      assert.equal(await makini.services.secrets.get('makini.clientSecret'), credentials.clientSecret);
    } finally {
      await vscode.commands.executeCommand('makini.disconnect');
      await settings.set('makini.apiUrl', remoteUrl.replace(/\/$/, ''));
    }
  });

  test('Makini going away between the list and the status reads shows the error state at that read', async () => {
    const doomed = new Sandbox({ credentials, connections: 2, seed: 11 });
    const doomedUrl = (await doomed.start()).replace(/\/$/, '');
    await settings.set('makini.apiUrl', doomedUrl);
    await waitFor(() => makini.services.settings.value.apiUrl === doomedUrl, 'the API URL');
    try {
      assert.equal(await vscode.commands.executeCommand('makini.connect', credentials), true);
      const [first] = await waitFor(() => {
        const list = makini.services.connections.list();
        return list.length === 2 ? list : undefined;
      }, 'the two connections');
      assert.ok(first);
      await doomed.stop();
      // One connection's re-check, as a webhook would start it: no list call is made.
      await vscode.commands.executeCommand('makini.refreshConnections', first.connection.key);
      assert.equal(makini.services.connections.pollFailure?.reason, 'ECONNREFUSED');
      const top = (await treeRows(makini.views.connectionsTree))[0];
      assert.equal(top?.label, `Could not reach Makini at ${doomedUrl}: ECONNREFUSED`);
    } finally {
      await vscode.commands.executeCommand('makini.disconnect');
      await settings.set('makini.apiUrl', remoteUrl.replace(/\/$/, ''));
    }
  });
});
