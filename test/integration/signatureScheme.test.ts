import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MakiniDevToolsApi } from '../../src/extension';
import { makiniApi, treeRows } from './support/makiniApi';
import { SettingChanges } from './support/settingChanges';
import { clearSecretsConfirmed } from './support/confirmed';
import { waitFor } from './support/waitFor';

/** Not base64, so the standard scheme cannot use it. */
const MAKINI_SECRET = 'whk-scheme-test-secret-3c1d';

suite('Signature scheme in effect', () => {
  let makini: MakiniDevToolsApi;
  const settings = new SettingChanges();

  suiteSetup(async () => {
    makini = await makiniApi();
    await waitFor(() => makini.services.receiver.state.running, 'the receiver to run');
  });

  teardown(async () => {
    await settings.restore();
    await clearSecretsConfirmed(makini);
  });

  test('a switch to standard with a secret it cannot use shows the scheme still in force, and offers a whsec_ secret', async () => {
    await vscode.commands.executeCommand('makini.setWebhookSecret', MAKINI_SECRET);
    await settings.set('makini.webhooks.signatureScheme', 'standard');
    await waitFor(
      () => makini.services.receiver.state.notApplied,
      'the receiver to say why standard is not applied',
    );
    assert.equal(makini.services.receiver.state.scheme, 'makini');
    const rows = await treeRows(makini.views.receiverTree);
    const signature = rows.find((r) => r.label.startsWith('Signature'));
    assert.equal(signature?.label, 'Signature: makini');
    const problem = rows.find((r) => r.label === 'Settings not applied');
    assert.match(problem?.description ?? '', /standard is not in effect: .*whsec_/);

    await vscode.commands.executeCommand('makini.generateWebhookSecret');
    await waitFor(
      () => makini.services.receiver.state.scheme === 'standard',
      'the standard scheme in effect',
    );
    assert.equal(makini.services.receiver.state.notApplied, undefined);
    const copied = await vscode.env.clipboard.readText();
    assert.match(copied, /^whsec_[A-Za-z0-9+/=]+$/);
    const after = await treeRows(makini.views.receiverTree);
    assert.equal(after.find((r) => r.label.startsWith('Signature'))?.label, 'Signature: standard');
    assert.ok(!after.some((r) => r.label === 'Settings not applied'));
  });
});
