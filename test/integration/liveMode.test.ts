import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Sandbox } from '../../src/core/sandbox/sandbox';
import type { MakiniDevToolsApi } from '../../src/extension';
import { makiniApi } from './support/makiniApi';
import { SettingChanges } from './support/settingChanges';
import { waitFor } from './support/waitFor';

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

  test('wrong credentials are refused with the request ID, and nothing is stored', async () => {
    const connected = await vscode.commands.executeCommand<boolean>('makini.connect', {
      clientId: credentials.clientId,
      clientSecret: 'not-the-secret',
    });
    assert.equal(connected, false);
    assert.equal(makini.services.connections.mode, 'sandbox');
    const report = makini.services.connections.lastError;
    assert.equal(report?.status, 401);
    assert.match(report?.requestId ?? '', /\S+/);
    const details = await vscode.commands.executeCommand<string>('makini.copySupportDetails');
    assert.ok(details.includes(`Request ID: ${report?.requestId ?? '?'}`), details);
    assert.ok(!details.includes('not-the-secret'));
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
});
