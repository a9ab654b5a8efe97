import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SecretKeys } from '../../src/host/config/secretStore';
import { CommandIds } from '../../src/host/constants';
import type { MakiniDevToolsApi } from '../../src/extension';
import { answering, clearSecretsConfirmed, commandsConfirmedBy } from './support/confirmed';
import { makiniApi, receiverUrl, treeRows } from './support/makiniApi';
import { postWebhook } from './support/postWebhook';
import { SettingChanges } from './support/settingChanges';
import { waitFor } from './support/waitFor';

const SECRET = 'secrets-suite-secret-81aa';

suite('Signing secrets and confirmations', () => {
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

  test('Clear Webhook Signing Secrets asks first; declined, the secret stays', async () => {
    await vscode.commands.executeCommand('makini.setWebhookSecret', SECRET);
    const no = answering(false);
    assert.equal(await commandsConfirmedBy(makini, no)[CommandIds.clearWebhookSecrets]?.(), false);
    assert.equal(no.asked.length, 1);
    assert.match(no.asked[0] ?? '', /Clear every webhook signing secret\? \[Clear Secrets\] .*unverified/);
    assert.ok(await makini.services.secrets.get(SecretKeys.webhookSecrets));
    assert.equal(makini.services.receiver.state.hasSecret, true);

    assert.equal(
      await commandsConfirmedBy(makini, answering(true))[CommandIds.clearWebhookSecrets]?.(),
      true,
    );
    assert.equal(await makini.services.secrets.get(SecretKeys.webhookSecrets), undefined);
    assert.equal(makini.services.receiver.state.hasSecret, false);
  });

  test('Clear Received Webhooks asks first, naming how many; declined, they stay', async () => {
    await postWebhook(receiverUrl(makini));
    const size = makini.services.receiver.receipts.size;
    assert.ok(size > 0);
    const no = answering(false);
    assert.equal(await commandsConfirmedBy(makini, no)[CommandIds.clearReceipts]?.(), false);
    assert.match(
      no.asked[0] ?? '',
      new RegExp(`^Clear (all ${size} received webhooks|the received webhook)\\?`),
    );
    assert.equal(makini.services.receiver.receipts.size, size);
    assert.equal(await commandsConfirmedBy(makini, answering(true))[CommandIds.clearReceipts]?.(), true);
    assert.equal(makini.services.receiver.receipts.size, 0);
  });

  test('Copy Webhook Signing Secret warns first, then puts the newest secret on the clipboard', async () => {
    await vscode.env.clipboard.writeText('before');
    await vscode.commands.executeCommand('makini.setWebhookSecret', SECRET);
    const no = answering(false);
    assert.equal(await commandsConfirmedBy(makini, no)[CommandIds.copyWebhookSecret]?.(), false);
    assert.match(no.asked[0] ?? '', /clipboard\? \[Copy Secret\] Anyone who has it can sign webhooks/);
    assert.equal(await vscode.env.clipboard.readText(), 'before');
    assert.equal(await commandsConfirmedBy(makini, answering(true))[CommandIds.copyWebhookSecret]?.(), true);
    assert.equal(await vscode.env.clipboard.readText(), SECRET);
  });

  test('after Rotate, the view says two secrets are accepted and until when; both verify', async () => {
    await settings.set('makini.webhooks.rotationOverlapHours', 2);
    await vscode.commands.executeCommand('makini.setWebhookSecret', SECRET);
    const before = Date.now();
    await vscode.commands.executeCommand('makini.rotateWebhookSecret', `${SECRET}-next`);
    const until = await waitFor(() => makini.services.receiver.state.previousSecretsUntil, 'the overlap');
    assert.ok(Math.abs(until - (before + 2 * 3_600_000)) < 60_000, `until ${new Date(until).toISOString()}`);
    const rows = await treeRows(makini.views.receiverTree);
    const signature = rows.find((r) => r.label.startsWith('Signature'));
    assert.equal(
      signature?.description,
      `2 secrets accepted: the new one, and the previous until ${new Date(until).toLocaleString()}`,
    );
    for (const secret of [SECRET, `${SECRET}-next`]) {
      await postWebhook(receiverUrl(makini), { secrets: [secret] });
      assert.equal(makini.services.receiver.receipts.query({ limit: 1 }).records[0]?.verified, true, secret);
    }
  });
});
