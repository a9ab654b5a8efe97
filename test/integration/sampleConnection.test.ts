import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { providerSlug } from '../../src/core/events/providers';
import type { DeliveryRecord } from '../../src/core/sender/deliveryRecord';
import type { MakiniDevToolsApi } from '../../src/extension';
import { makiniApi } from './support/makiniApi';
import { waitFor } from './support/waitFor';

/** The `data.provider` and `connection_id` a delivery's request carried. */
function sentAbout(record: DeliveryRecord | undefined): { connectionId: string; provider: string } {
  const body = record?.attempts.at(-1)?.request.body ?? '{}';
  const event = JSON.parse(body) as { connection_id: string; data: { provider: string } };
  return { connectionId: event.connection_id, provider: event.data.provider };
}

suite('Samples match their connection', () => {
  let makini: MakiniDevToolsApi;
  const created: vscode.Uri[] = [];

  suiteSetup(async () => {
    makini = await makiniApi();
    await waitFor(() => makini.services.connections.list().length > 0, 'the sandbox connections');
    await waitFor(() => makini.services.receiver.state.running, 'the receiver to run');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of created) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  test("Send Test Webhook for a connection carries that connection's id and provider", async () => {
    for (const { connection } of makini.services.connections.list()) {
      for (const type of ['sync.failed', 'connection.auth_required']) {
        const records = await vscode.commands.executeCommand<DeliveryRecord[]>('makini.sendTestWebhook', {
          type,
          connectionId: connection.key,
        });
        assert.deepEqual(sentAbout(records[0]), {
          connectionId: connection.key,
          provider: providerSlug(connection.integrationName ?? ''),
        });
      }
    }
    const acme = makini.services.connections.list().find((c) => c.connection.name.startsWith('Acme Steel'));
    assert.equal(acme?.connection.integrationName, 'SAP PM');
    const [record] = await vscode.commands.executeCommand<DeliveryRecord[]>('makini.sendTestWebhook', {
      type: 'sync.failed',
      connectionId: acme.connection.key,
    });
    assert.equal(sentAbout(record).provider, 'sap_pm');
  });

  test('New Webhook Payload names a connection the view lists, with its provider', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>(
      'makini.newWebhookPayload',
      'sync.completed',
    );
    created.push(uri);
    const payload = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8')) as {
      connection_id: string;
      data: { provider: string };
    };
    const listed = makini.services.connections.list().find((c) => c.connection.key === payload.connection_id);
    assert.ok(listed, `connection_id ${payload.connection_id} is no listed connection`);
    assert.equal(payload.data.provider, providerSlug(listed.connection.integrationName ?? ''));
  });
});
