import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EVENT_TYPES } from '../../src/core/events/catalog';
import type { DeliveryRecord } from '../../src/core/sender/deliveryRecord';
import type { MakiniDevToolsApi } from '../../src/extension';
import { sendTestWebhook } from '../../src/host/deliveries/sendTestWebhook';
import { UserError } from '../../src/host/userError';
import { makiniApi, treeRows } from './support/makiniApi';
import { waitFor } from './support/waitFor';

const SECRET = 'deliveries-suite-secret';

function send(args: Record<string, unknown>): Thenable<DeliveryRecord[] | undefined> {
  return vscode.commands.executeCommand<DeliveryRecord[] | undefined>('makini.sendTestWebhook', args);
}

suite('Webhook Deliveries', () => {
  let makini: MakiniDevToolsApi;

  suiteSetup(async () => {
    makini = await makiniApi();
    await waitFor(() => makini.services.receiver.state.running, 'the receiver to run');
    await vscode.commands.executeCommand('makini.setWebhookSecret', SECRET);
    await vscode.commands.executeCommand('makini.clearDeliveries');
  });

  teardown(async () => {
    await vscode.commands.executeCommand('makini.simulateReceiverFailures', {});
  });

  test('Send Test Webhook delivers every event type to the receiver, verified', async () => {
    const before = makini.services.receiver.receipts.size;
    for (const type of EVENT_TYPES) {
      const records = await send({ type, connectionId: 'conn_all_types' });
      assert.equal(records?.length, 1, type);
      assert.equal(
        records?.[0]?.status,
        'delivered',
        `${type}: ${JSON.stringify(records?.[0]?.attempts.at(-1)?.response?.body)}`,
      );
    }
    const receipts = makini.services.receiver.receipts.query({
      connectionId: 'conn_all_types',
      limit: 100,
    }).records;
    assert.equal(makini.services.receiver.receipts.size - before, EVENT_TYPES.length);
    assert.deepEqual(new Set(receipts.map((r) => r.eventType)), new Set(EVENT_TYPES));
    assert.ok(
      receipts.every((r) => r.verified && r.schemaErrors.length === 0),
      'every receipt verified and valid',
    );

    const rows = await treeRows(makini.views.deliveriesTree);
    assert.equal(rows.length, EVENT_TYPES.length);
    assert.equal(rows[0]?.label, EVENT_TYPES.at(-1)); // Newest first.
    assert.match(rows[0]?.description ?? '', /\/webhooks · delivered · 1 attempt · /);
    const attempts = await treeRows(makini.views.deliveriesTree, rows[0]?.node);
    assert.equal(attempts.length, 1);
    assert.match(attempts[0]?.description ?? '', /^200 OK · \d+ ms$/);
  });

  test('a wrong secret is refused by the receiver, which shows ✗ with the reason', async () => {
    const records = await send({ type: 'assets.updated', secrets: ['a-different-secret'], maxAttempts: 1 });
    const record = records?.[0];
    assert.equal(record?.status, 'failed');
    assert.equal(record?.attempts[0]?.response?.status, 401);
    const receipt = makini.services.receiver.receipts.query({ limit: 1 }).records[0];
    // Refused before parsing, so the event id is the one its header claimed.
    assert.equal(receipt?.headers['x-makini-event-id'], record?.eventId);
    assert.equal(receipt?.verified, false);
    assert.equal(receipt?.reason, 'mismatch');
    const receiverRows = await treeRows(makini.views.receiverTree);
    const row = receiverRows.find((r) => r.label === 'assets.updated');
    assert.match(row?.description ?? '', /^✗ signature does not match · 401 · /);
  });

  test('a compressed retry run against a receiver failing twice shows three attempts, then success', async () => {
    await vscode.commands.executeCommand('makini.simulateReceiverFailures', { failFirst: 2 });
    const records = await send({ type: 'sync.completed', retryBaseMs: 20 });
    const record = records?.[0];
    assert.equal(record?.status, 'delivered');
    assert.deepEqual(
      record?.attempts.map((a) => [a.response?.status, a.outcome]),
      [
        [500, 'retry'],
        [500, 'retry'],
        [200, 'delivered'],
      ],
    );
    assert.ok(
      (record?.attempts[1]?.nextRetryMs ?? 0) > (record?.attempts[0]?.nextRetryMs ?? 0) * 1.3,
      'backoff grows',
    );
    const rows = await treeRows(makini.views.deliveriesTree);
    assert.match(rows[0]?.description ?? '', /delivered · 3 attempts/);
    const attempts = await treeRows(makini.views.deliveriesTree, rows[0]?.node);
    assert.deepEqual(
      attempts.map((a) => a.description.split(' · ')[0]),
      ['500 Internal Server Error', '500 Internal Server Error', '200 OK'],
    );
    assert.match(attempts[0]?.description ?? '', /retried after \d+ ms/);
    assert.doesNotMatch(attempts[0]?.description ?? '', /next retry/);
  });

  test('a delivery retrying against a failing endpoint can be cancelled during its backoff', async () => {
    await vscode.commands.executeCommand('makini.simulateReceiverFailures', { respondStatus: 503 });
    const sending = send({ type: 'sites.inserted', retryBaseMs: 60_000 });
    const live = await waitFor(
      () =>
        makini.services.deliveries
          .list()
          .find(
            (r) => r.eventType === 'sites.inserted' && r.status === 'delivering' && r.attempts.length === 1,
          ),
      'the first attempt',
    );
    assert.equal(live.status, 'delivering');
    assert.equal(await vscode.commands.executeCommand('makini.cancelDelivery', live.id), true);
    const records = await sending;
    assert.equal(records?.[0]?.status, 'cancelled');
    assert.equal(records?.[0]?.attempts.length, 1);
  });

  test('duplicates mode delivers the same event id several times; the receiver flags the copies', async () => {
    const records = await send({ type: 'work_orders.updated', duplicates: 3 });
    assert.equal(records?.length, 3);
    assert.equal(new Set(records?.map((r) => r.eventId)).size, 1);
    const receipts = makini.services.receiver.receipts.query({ limit: 3 }).records;
    assert.deepEqual(
      receipts.map((r) => r.duplicate),
      [true, true, false],
    );
    // An entity event goes in the ids envelope, which has no event id: the body's hash is the key.
    assert.deepEqual(
      receipts.map((r) => [r.envelope, r.duplicateKey]),
      Array.from({ length: 3 }, () => ['ids', 'body_sha256']),
    );
  });

  test('Send Test Webhook checks the data it is given like any outside data, and names what is wrong', async () => {
    const before = makini.services.deliveries.list().length;
    await assert.rejects(
      sendTestWebhook(makini.services, { type: 'sync.completed', data: { sync_id: 42 } }),
      (error: unknown) =>
        UserError.is(error, 'invalidArguments') &&
        /'data' is not valid sync\.completed data: (.*; )?data\.sync_id: expected a string, got a number[;.]/.test(
          error.message,
        ) &&
        !error.message.includes('(expected'),
    );
    await assert.rejects(
      sendTestWebhook(makini.services, { type: 'sync.completed', duplicates: 0 }),
      (error: unknown) =>
        UserError.is(error, 'invalidArguments') && /'duplicates' must be/.test(error.message),
    );
    assert.equal(makini.services.deliveries.list().length, before, 'nothing was sent');
  });

  test('Copy as curl, Replay and the details panel work on a delivery', async () => {
    const [record] = (await send({ type: 'flow.custom' })) ?? [];
    assert.ok(record);
    const curl = await vscode.commands.executeCommand<string>('makini.copyDeliveryAsCurl', record.id);
    assert.match(curl, /^printf '.*' \| curl .*--request POST/);
    assert.ok(curl.includes(record.eventId));
    assert.ok(!curl.includes(SECRET), 'curl holds the signing secret');
    assert.equal(await vscode.env.clipboard.readText(), curl);

    const replayed = await vscode.commands.executeCommand<DeliveryRecord[]>('makini.replayDelivery', {
      kind: 'delivery',
      id: record.id,
    });
    assert.equal(replayed[0]?.eventId, record.eventId);
    assert.equal(replayed[0]?.status, 'delivered');
    const receipt = makini.services.receiver.receipts.query({ limit: 1 }).records[0];
    assert.equal(receipt?.duplicate, true); // Same id again: the receiver recognises the retry.

    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>(
      'makini.showDeliveryDetails',
      record.id,
    );
    const html = panel.webview.html;
    assert.match(html, /Content-Security-Policy" content="default-src 'none';/);
    assert.match(html, /<script nonce="[A-Za-z0-9+/=]{20,}">/);
    assert.ok(html.includes(record.eventId));
    assert.match(html, /Attempt 1: 200 OK/);
    assert.ok(!html.includes(SECRET));
    assert.ok(!/src="https?:/.test(html), 'no remote resources');
    assert.ok(!/\sstyle="/.test(html), 'inline style attributes, which the CSP blocks');
    assert.match(html, /#bar-0 \{ left: [\d.]+%; width: [\d.]+%; \}/);
    panel.dispose();
  });

  test('Export Deliveries as HAR writes one HAR 1.2 entry per attempt, without the secret', async () => {
    const logged = makini.services.deliveries.log.query({ limit: 10_000 }).records;
    const attempts = logged.reduce((sum, r) => sum + r.attempts.length, 0);
    const file = path.join(os.tmpdir(), `makini-${Date.now()}.har`);
    try {
      assert.equal(await vscode.commands.executeCommand('makini.exportDeliveriesHar', file), file);
      const text = fs.readFileSync(file, 'utf8');
      const har = JSON.parse(text) as {
        log: { version: string; entries: { response: { status: number } }[] };
      };
      assert.equal(har.log.version, '1.2');
      assert.equal(har.log.entries.length, attempts);
      assert.ok(!text.includes(SECRET));
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  test('a filter changes what the view lists, shows in its description, and one action clears it', async () => {
    const all = await treeRows(makini.views.deliveriesTree);
    const failedAssets = makini.services.deliveries
      .list()
      .filter((d) => d.status === 'failed' && d.eventType === 'assets.updated');
    assert.ok(
      failedAssets.length > 0 && failedAssets.length < all.length,
      'the suite sent a refused assets.updated',
    );
    // The singular alias is read as the documented name.
    assert.equal(
      await vscode.commands.executeCommand('makini.filterDeliveries', 'status:failed type:asset.updated'),
      true,
    );
    const filtered = await treeRows(makini.views.deliveriesTree);
    assert.deepEqual(
      filtered.map((r) => r.label),
      failedAssets.map(() => 'assets.updated'),
    );
    assert.ok(
      filtered.every((r) => /· failed ·/.test(r.description)),
      JSON.stringify(filtered),
    );
    assert.equal(makini.views.deliveries.description, 'filtered: failed · assets.updated');

    await vscode.commands.executeCommand('makini.filterDeliveries', 'no-delivery-has-this-text');
    assert.deepEqual(await treeRows(makini.views.deliveriesTree), []);

    await vscode.commands.executeCommand('makini.clearDeliveriesFilter');
    assert.equal((await treeRows(makini.views.deliveriesTree)).length, all.length);
    assert.equal(makini.views.deliveries.description, undefined);
  });

  test('Clear empties the view', async () => {
    await vscode.commands.executeCommand('makini.clearDeliveries');
    assert.deepEqual(await treeRows(makini.views.deliveriesTree), []);
    assert.equal(makini.services.deliveries.log.size, 0);
  });
});
