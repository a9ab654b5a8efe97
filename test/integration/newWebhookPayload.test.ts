import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DetailedEnvelope } from '../../src/core/events/envelope';
import { validatePayload } from '../../src/core/events/validation';
import type { DeliveryRecord } from '../../src/core/sender/deliveryRecord';
import { makiniApi } from './support/makiniApi';
import { SettingChanges } from './support/settingChanges';
import { waitFor } from './support/waitFor';

/** Writes `payload` into the payload file's editor, unsaved, and sends it to the local receiver. */
async function sendEdited(
  editor: vscode.TextEditor,
  uri: vscode.Uri,
  payload: unknown,
): Promise<DeliveryRecord[]> {
  await editor.edit((edit) =>
    edit.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), JSON.stringify(payload, null, 2)),
  );
  return vscode.commands.executeCommand<DeliveryRecord[]>('makini.sendPayloadFile', uri, 'receiver');
}

suite('New Webhook Payload', () => {
  const created: vscode.Uri[] = [];

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of created) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  test('writes a valid sample of the chosen type under .makini/events and opens it', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>(
      'makini.newWebhookPayload',
      'sync.failed',
      'conn_demo_1',
    );
    assert.ok(uri, 'the command returned no file');
    created.push(uri);
    assert.match(uri.path, /\/\.makini\/events\/sync\.failed(-\d+)?\.json$/);
    const payload: unknown = JSON.parse(
      Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'),
    );
    const validation = validatePayload(payload);
    assert.ok(validation.ok, JSON.stringify(validation));
    assert.equal((payload as { connection_id: string }).connection_id, 'conn_demo_1');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
  });

  test('a second payload of the same type gets its own file', async () => {
    const first = await vscode.commands.executeCommand<vscode.Uri>(
      'makini.newWebhookPayload',
      'assets.updated',
    );
    const second = await vscode.commands.executeCommand<vscode.Uri>(
      'makini.newWebhookPayload',
      'assets.updated',
    );
    created.push(first, second);
    assert.notEqual(first.toString(), second.toString());
  });

  test('the editor validates payload files against the generated schema as you type', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>(
      'makini.newWebhookPayload',
      'sync.completed',
    );
    created.push(uri);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    const broken = { type: 'sync.completed', data: { sync_id: 42 } };
    await editor.edit((edit) =>
      edit.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), JSON.stringify(broken, null, 2)),
    );
    const diagnostics = await waitFor(
      () => {
        const found = vscode.languages.getDiagnostics(uri);
        return found.length > 0 ? found : undefined;
      },
      'schema diagnostics on the edited payload',
      20_000,
    );
    // Messages from the schema itself (not "unable to load schema"): sync_id must be a string.
    const messages = diagnostics.map((d) => d.message);
    assert.ok(
      messages.some((m) => /Incorrect type|Missing property/i.test(m)),
      `unexpected diagnostics: ${messages.join(' | ')}`,
    );
  });

  test("an entity event's payload is Makini's ids envelope, sent as edited, unsaved changes included", async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>(
      'makini.newWebhookPayload',
      'work_order.inserted',
      'conn_payload_file',
    );
    created.push(uri);
    assert.match(
      uri.path,
      /\/work_orders\.inserted(-\d+)?\.json$/,
      'the alias is read as the documented name',
    );
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    const payload = JSON.parse(editor.document.getText()) as { event: string; body: string[] };
    assert.deepEqual(Object.keys(payload), ['event', 'body']);
    assert.equal(payload.event, 'work_orders.inserted');
    payload.body = ['wo_edited_1', 'wo_edited_2'];
    const records = await sendEdited(editor, uri, payload);
    assert.equal(records[0]?.status, 'delivered');
    assert.equal(records[0]?.envelope, 'ids');
    const sent = JSON.parse(records[0]?.attempts[0]?.request.body ?? '{}') as unknown;
    assert.deepEqual(sent, { event: 'work_orders.inserted', body: ['wo_edited_1', 'wo_edited_2'] });
  });

  test("a payload file's headers map is sent with every attempt, and is not part of the body", async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>(
      'makini.newWebhookPayload',
      'work_orders.inserted',
      'conn_payload_file',
    );
    created.push(uri);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    const payload = JSON.parse(editor.document.getText()) as Record<string, unknown>;
    const withHeaders = { ...payload, headers: { 'X-Tenant': 'acme' } };
    const records = await sendEdited(editor, uri, withHeaders);
    const request = records[0]?.attempts[0]?.request;
    assert.equal(records[0]?.status, 'delivered');
    assert.equal(request?.headers['x-tenant'], 'acme');
    assert.ok(!(request?.body ?? '').includes('X-Tenant'), request?.body);
  });

  test('with makini.webhooks.envelope detailed, the payload carries the record, sent as edited', async () => {
    const settings = new SettingChanges();
    try {
      await settings.set('makini.webhooks.envelope', 'detailed');
      const uri = await vscode.commands.executeCommand<vscode.Uri>(
        'makini.newWebhookPayload',
        'work_orders.inserted',
        'conn_payload_file',
      );
      created.push(uri);
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor);
      const payload = JSON.parse(editor.document.getText()) as { data: { record: { name?: string } } };
      payload.data.record.name = 'Replace pump seal (edited)';
      const records = await sendEdited(editor, uri, payload);
      assert.equal(records[0]?.status, 'delivered');
      const sent = JSON.parse(records[0]?.attempts[0]?.request.body ?? '{}') as DetailedEnvelope<
        typeof payload.data
      >;
      assert.equal(sent.type, 'work_orders.inserted');
      assert.equal(sent.connection_id, 'conn_payload_file');
      assert.equal(sent.data.record.name, 'Replace pump seal (edited)');
    } finally {
      await settings.restore();
    }
  });

  test('Send Webhook Payload refuses an invalid file and sends nothing', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('makini.newWebhookPayload', 'sync.failed');
    created.push(uri);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    await editor.edit((edit) =>
      edit.replace(
        new vscode.Range(0, 0, editor.document.lineCount, 0),
        '{"type": "sync.failed", "data": {"sync_id": 7}}',
      ),
    );
    const makini = await makiniApi();
    const sentBefore = makini.services.deliveries.list().length;
    const result = await vscode.commands.executeCommand<DeliveryRecord[] | undefined>(
      'makini.sendPayloadFile',
      uri,
      'receiver',
    );
    assert.equal(result, undefined);
    assert.equal(makini.services.deliveries.list().length, sentBefore);
  });

  test('an unknown event type is refused with a clear error and no file', async () => {
    const result = await vscode.commands.executeCommand<vscode.Uri | undefined>(
      'makini.newWebhookPayload',
      'order.shipped',
    );
    assert.equal(result, undefined);
    assert.deepEqual(await vscode.workspace.findFiles('.makini/events/order.shipped*.json'), []);
  });
});
