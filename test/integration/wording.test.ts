import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DeliveryRecord } from '../../src/core/sender/deliveryRecord';
import type { MakiniDevToolsApi } from '../../src/extension';
import { connectionItem } from '../../src/host/connections/connectionsTree';
import { clearSecretsConfirmed } from './support/confirmed';
import { control } from './support/http';
import { connectionsJudged, makiniApi, treeRows } from './support/makiniApi';
import { spyOnOutputInfo } from './support/outputSpy';
import { waitFor } from './support/waitFor';

const SECRET = 'wording-suite-secret';

function send(args: Record<string, unknown>): Thenable<DeliveryRecord[] | undefined> {
  return vscode.commands.executeCommand<DeliveryRecord[] | undefined>('makini.sendTestWebhook', args);
}

/** Wraps `vscode.window.setStatusBarMessage` so a test sees its texts; each still shows. */
function spyOnStatusBarMessages(): { texts: string[]; restore(): void } {
  const window = vscode.window as unknown as Record<'setStatusBarMessage', (...args: unknown[]) => unknown>;
  const original = window.setStatusBarMessage;
  const texts: string[] = [];
  const wrapper = (...args: unknown[]): unknown => {
    texts.push(String(args[0]));
    return original.apply(vscode.window, args);
  };
  assert.ok(Reflect.set(window, 'setStatusBarMessage', wrapper), 'setStatusBarMessage cannot be wrapped');
  return { texts, restore: () => void Reflect.set(window, 'setStatusBarMessage', original) };
}

suite('Editor wording', () => {
  let makini: MakiniDevToolsApi;

  suiteSetup(async () => {
    makini = await makiniApi();
    await waitFor(() => makini.services.receiver.state.running, 'the receiver to run');
    await connectionsJudged(makini, 8);
    await vscode.commands.executeCommand('makini.setWebhookSecret', SECRET);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('makini.simulateReceiverFailures', {});
    await clearSecretsConfirmed(makini);
  });

  test('a delivery logs "after 1 attempt", and a HAR export of one says "1 delivery"', async () => {
    await vscode.commands.executeCommand('makini.clearDeliveries');
    const output = spyOnOutputInfo(makini.services.output);
    try {
      const [record] = (await send({ type: 'assets.inserted', maxAttempts: 1 })) ?? [];
      assert.equal(record?.status, 'delivered');
      const summary = `[${record.id}] assets.inserted to ${record.url}: delivered after 1 attempt`;
      assert.ok(output.lines.includes(summary), output.lines.join('\n'));
    } finally {
      output.restore();
    }
    const file = path.join(os.tmpdir(), `makini-wording-${Date.now()}.har`);
    const statusBar = spyOnStatusBarMessages();
    try {
      assert.equal(await vscode.commands.executeCommand('makini.exportDeliveriesHar', file), file);
      assert.ok(
        statusBar.texts.includes(`Makini: 1 delivery exported to ${file}`),
        statusBar.texts.join('\n'),
      );
    } finally {
      statusBar.restore();
      fs.rmSync(file, { force: true });
      await vscode.commands.executeCommand('makini.clearDeliveries');
    }
  });

  test('a receiver failing only the first attempt says "the first attempt fails"', async () => {
    await vscode.commands.executeCommand('makini.simulateReceiverFailures', { failFirst: 1 });
    const rows = await treeRows(makini.views.receiverTree);
    assert.equal(rows.find((r) => r.label === 'Simulating')?.description, 'the first attempt fails');
    await vscode.commands.executeCommand('makini.simulateReceiverFailures', { failFirst: 2 });
    const again = await treeRows(makini.views.receiverTree);
    assert.equal(again.find((r) => r.label === 'Simulating')?.description, 'the first 2 attempts fail');
  });

  test("the Connections badge's tooltip agrees with its count", () => {
    const attention = makini.services.connections.needingAttention().length;
    assert.ok(attention > 1, 'the sandbox has several connections needing attention');
    assert.equal(makini.views.connections.badge?.tooltip, `${attention} connections need attention`);
  });

  test("a connection's tooltip words its sync status ('full sync done', not 'fulldone')", async () => {
    const found = makini.services.connections.list().find((c) => c.connection.name.startsWith('Northwind'));
    assert.ok(found, 'no demo connection Northwind');
    const key = found.connection.key;
    const sandbox = makini.services.connections.sandbox?.url ?? assert.fail('no sandbox');
    await control(sandbox, `/_sandbox/connections/${key}/sync-status`, { sync_status: 'fulldone' });
    await vscode.commands.executeCommand('makini.refreshConnections', key);
    assert.equal(makini.services.connections.get(key)?.syncStatus, 'fulldone');
    const row = (await treeRows(makini.views.connectionsTree)).find((r) => r.node.key === key);
    assert.ok(row, key);
    const tooltip = makini.views.connectionsTree.getTreeItem(row.node).tooltip;
    const text = tooltip instanceof vscode.MarkdownString ? tooltip.value : String(tooltip ?? '');
    assert.ok(text.includes('sync status: full sync done'), text);
    assert.ok(!text.includes('fulldone'), text);
  });

  test('a connection whose first status read has not answered reads "checking…", not "unknown"', () => {
    const listed = makini.services.connections.list()[0];
    assert.ok(listed, 'no connection');
    const pending = {
      ...listed,
      level: 'unknown' as const,
      reason: 'Not checked yet: its status is being read.',
      syncStatus: undefined,
      checking: true,
    };
    const item = connectionItem(pending, undefined);
    assert.match(String(item.description), /checking…$/);
    assert.ok(!String(item.description).includes('unknown'), String(item.description));
    const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : '';
    assert.ok(tooltip.includes('Health: **checking…**: Not checked yet'), tooltip);
    // Once read, an unknown status is called so.
    const read = connectionItem(
      { ...pending, checking: false, reason: "Status 'weird' is not one Makini documents." },
      undefined,
    );
    assert.match(String(read.description), /unknown$/);
  });
});
