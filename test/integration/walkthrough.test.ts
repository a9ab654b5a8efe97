import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DeliveryRecord } from '../../src/core/sender/deliveryRecord';
import type { MakiniDevToolsApi } from '../../src/extension';
import { WalkthroughKeys } from '../../src/host/constants';
import { WalkthroughProgress } from '../../src/host/walkthrough/walkthroughProgress';
import { clearSecretsConfirmed } from './support/confirmed';
import { makiniApi, receiverUrl } from './support/makiniApi';
import { postWebhook } from './support/postWebhook';
import { SettingChanges } from './support/settingChanges';
import { waitFor } from './support/waitFor';
import { spyOnQuickInputs } from './support/windowSpy';

const SECRET = 'walkthrough-secret';

suite('Walkthrough progress', () => {
  let makini: MakiniDevToolsApi;
  let progress: WalkthroughProgress;
  /** The context keys this test's progress set, in order: what the walkthrough's steps read. */
  let contexts: [string, boolean][];
  const settings = new SettingChanges();
  /** The values this test's progress gave the context key `key`. */
  const set = (key: string): boolean[] => contexts.filter(([k]) => k === key).map(([, value]) => value);

  /** A progress of its own on the extension's services, from a fresh start: nothing done yet. */
  const fresh = (): WalkthroughProgress => {
    contexts = [];
    const { connections, deliveries, receiver, settings: settingsService } = makini.services;
    const sources = { connections, deliveries, receiver, settings: settingsService };
    return new WalkthroughProgress({ ...sources, connectionsView: makini.views.connections }, (key, value) =>
      contexts.push([key, value]),
    );
  };

  suiteSetup(async () => {
    makini = await makiniApi();
    await waitFor(() => makini.services.receiver.state.running, 'the receiver to run');
    // The sandbox generates a secret when it starts with none: set ours after, or it replaces ours.
    await waitFor(() => makini.services.connections.list().length > 0, 'the sandbox connections');
    await vscode.commands.executeCommand('makini.setWebhookSecret', SECRET);
  });

  setup(() => (progress = fresh()));

  teardown(async () => {
    progress.dispose();
    await settings.restore();
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  suiteTeardown(() => clearSecretsConfirmed(makini));

  test('Escape in Send Test Webhook ticks nothing; a webhook sent ticks the step, its arrival the next', async () => {
    const spy = spyOnQuickInputs();
    try {
      const sending = vscode.commands.executeCommand('makini.sendTestWebhook');
      await waitFor(() => spy.created[0], 'the event type pick');
      await new Promise((resolve) => setTimeout(resolve, 200));
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.equal(await sending, undefined);
    } finally {
      spy.restore();
    }
    assert.equal(progress.state.webhookSent, false, 'Escape sent nothing');
    assert.deepEqual(set(WalkthroughKeys.webhookSent), [], 'the context key stays unset');

    const records = await vscode.commands.executeCommand<DeliveryRecord[]>('makini.sendTestWebhook', {
      type: 'sync.completed',
    });
    assert.equal(records[0]?.status, 'delivered');
    assert.equal(progress.state.webhookSent, true);
    assert.deepEqual(set(WalkthroughKeys.webhookSent), [true], 'the context key is set, once');
    assert.deepEqual(set(WalkthroughKeys.webhookReceived), [true], 'the receiver took it');
    assert.equal(makini.walkthrough.state.webhookSent, true, "the extension's own progress too");
  });

  test('a webhook the user did not send (the sandbox, curl) does not tick "Watch it arrive"', async () => {
    const before = makini.services.receiver.receipts.size;
    assert.equal((await postWebhook(receiverUrl(makini), { secrets: [SECRET] })).status, 200);
    await waitFor(() => makini.services.receiver.receipts.size > before, 'the receipt');
    assert.equal(progress.state.webhookReceived, false);
    assert.deepEqual(set(WalkthroughKeys.webhookReceived), []);
  });

  test('the forward target follows the setting: set when valid, at start-up too, and unset again', async () => {
    assert.equal(progress.state.forwardTargetSet, false);
    await settings.set('makini.receiver.forwardTo', 'http://localhost:3000/webhooks/makini');
    await waitFor(() => progress.state.forwardTargetSet, 'the forward step to tick');
    const atStart = fresh();
    assert.equal(atStart.state.forwardTargetSet, true, 'a target already set is a step already done');
    atStart.dispose();
    // An invalid edit keeps the target in force (and says so), so the step stays done.
    await settings.set('makini.receiver.forwardTo', 'not a url');
    assert.equal(makini.services.settings.value.forwardTo, 'http://localhost:3000/webhooks/makini');
    assert.equal(progress.state.forwardTargetSet, true);
    await settings.set('makini.receiver.forwardTo', '');
    await waitFor(() => !progress.state.forwardTargetSet, 'a cleared target to count as none');
  });

  test('the connections step ticks once the view shows connections, not while it is hidden', async () => {
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor(() => !makini.views.connections.visible, 'the Connections view to be hidden');
    progress.dispose();
    progress = fresh();
    assert.equal(progress.state.connectionsShown, false);
    await vscode.commands.executeCommand('makini.connections.focus');
    await waitFor(() => progress.state.connectionsShown, 'the connections step to tick');
    assert.deepEqual(set(WalkthroughKeys.connectionsShown), [true]);
    assert.equal(progress.state.connected, makini.services.connections.mode === 'live');
  });
});
