import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EndpointCheckReport } from '../../src/core/checks/checkReport';
import type { MakiniDevToolsApi } from '../../src/extension';
import { ENDPOINT_PLACEHOLDER, endpointChoices, RECEIVER_CHOICE } from '../../src/host/views/urlPick';
import { clearSecretsConfirmed } from './support/confirmed';
import { makiniApi, receiverUrl } from './support/makiniApi';
import { waitFor } from './support/waitFor';

suite('Endpoint picks', () => {
  let makini: MakiniDevToolsApi;

  suiteSetup(async () => {
    makini = await makiniApi();
    await waitFor(() => makini.services.receiver.state.running, 'the receiver to run');
    await vscode.commands.executeCommand('makini.setWebhookSecret', 'endpoint-picks-secret');
  });

  suiteTeardown(async () => {
    await clearSecretsConfirmed(makini);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test("Check Webhook Endpoint's pick offers the local receiver first, as Send Test Webhook's does", async () => {
    const checking = vscode.commands.executeCommand<EndpointCheckReport | undefined>('makini.checkEndpoint');
    // The pick opens with its first choice active: accepting it is what Enter does.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const report = await checking;
    assert.equal(report?.url, receiverUrl(makini));
  });

  test('every endpoint pick lists the receiver, your app, then recent URLs once each', () => {
    const choices = endpointChoices({
      receiverUrl: 'http://127.0.0.1:1/webhooks',
      forwardTo: 'http://localhost:3000/hooks',
      recent: ['http://localhost:3000/hooks', 'https://example.com/a', 'https://example.com/a'],
    });
    assert.deepEqual(
      choices.map((c) => c.value),
      [RECEIVER_CHOICE, 'http://localhost:3000/hooks', 'https://example.com/a', ''],
    );
    assert.match(ENDPOINT_PLACEHOLDER, /^http:\/\/localhost:3000\//);
  });
});
