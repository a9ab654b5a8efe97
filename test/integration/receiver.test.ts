import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { receiptFilterStatus } from '../../src/core/logStore/recordFilter';
import type { MakiniDevToolsApi } from '../../src/extension';
import { makiniApi, receiverUrl } from './support/makiniApi';
import { receiptRows, receiverRows, stateRow } from './support/receiverView';
import { postIdsWebhook, postWebhook, portOpen } from './support/postWebhook';
import { SettingChanges } from './support/settingChanges';
import { clearSecretsConfirmed, clearReceiptsConfirmed } from './support/confirmed';
import { waitFor } from './support/waitFor';

const SECRET = 'whk-test-secret-0f9d2c';

/** A stand-in for the developer's app: answers 202 and keeps what it got. */
async function startApp(): Promise<{
  url: string;
  bodies: string[];
  headers: http.IncomingHttpHeaders[];
  close(): Promise<void>;
}> {
  const bodies: string[] = [];
  const headers: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      bodies.push(body);
      headers.push(request.headers);
      response.writeHead(202).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/makini`,
    bodies,
    headers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

suite('Local Receiver', () => {
  let makini: MakiniDevToolsApi;
  const settings = new SettingChanges();

  suiteSetup(async () => {
    makini = await makiniApi();
    await waitFor(() => makini.services.receiver.state.running, 'the receiver to auto-start');
  });

  teardown(() => settings.restore());

  suiteTeardown(async () => {
    await clearSecretsConfirmed(makini);
    await vscode.commands.executeCommand('makini.startReceiver');
  });

  test('starts with the extension and shows where it listens', async () => {
    const url = receiverUrl(makini);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/webhooks$/);
    const rows = await receiverRows(makini);
    assert.deepEqual(rows[0], { label: 'Listening', description: url });
    assert.equal(makini.views.receiver.description, url);
  });

  test('with no secret a webhook is accepted and marked unverified', async () => {
    await clearSecretsConfirmed(makini);
    await waitFor(() => !makini.services.receiver.state.hasSecret, 'the secret to be cleared');
    const posted = await postWebhook(receiverUrl(makini), { type: 'assets.inserted' });
    assert.equal(posted.status, 200);
    const receipt = makini.services.receiver.receipts.query({ limit: 1 }).records[0];
    assert.equal(receipt?.eventId, posted.event.id);
    assert.equal(receipt?.verified, false);
    assert.equal(receipt?.reason, 'no_secret');
    assert.equal(await stateRow(makini, 'Signature'), 'no secret: webhooks accepted unverified');
    const rows = await receiptRows(makini);
    assert.equal(rows[0]?.label, 'assets.inserted');
    assert.match(rows[0]?.description ?? '', /^unverified · 200 · /);
  });

  test('a secret set by command verifies ✓, and a wrong one shows ✗ with its reason', async () => {
    assert.equal(await vscode.commands.executeCommand('makini.setWebhookSecret', SECRET), true);
    await waitFor(() => makini.services.receiver.state.hasSecret, 'the receiver to take the secret');
    const url = receiverUrl(makini);

    const good = await postWebhook(url, { type: 'sync.failed', secrets: [SECRET] });
    assert.equal(good.status, 200);
    const bad = await postWebhook(url, { type: 'sync.failed', secrets: ['not-the-secret'] });
    assert.equal(bad.status, 401);
    assert.equal((JSON.parse(bad.body) as { error: string }).error, 'mismatch');

    const receipts = await receiptRows(makini);
    assert.equal(receipts[0]?.label, 'sync.failed');
    assert.match(receipts[0]?.description ?? '', /^✗ signature does not match · 401 · /);
    assert.match(receipts[1]?.description ?? '', /^✓ verified · 200 · /);
    assert.equal(await stateRow(makini, 'Signature'), 'secret set: webhooks are verified');
  });

  test('a rotation keeps the previous secret accepted', async () => {
    await vscode.commands.executeCommand('makini.setWebhookSecret', SECRET);
    await vscode.commands.executeCommand('makini.rotateWebhookSecret', `${SECRET}-next`);
    const url = receiverUrl(makini);
    const verdictOf = (eventId: string): string | undefined =>
      makini.services.receiver.receipts.query({ limit: 10 }).records.find((r) => r.eventId === eventId)
        ?.verdict.outcome;
    for (const secret of [SECRET, `${SECRET}-next`]) {
      const posted = await postWebhook(url, { secrets: [secret] });
      assert.equal(posted.status, 200);
      assert.equal(
        verdictOf(posted.event.id),
        'verified',
        `signed with ${secret === SECRET ? 'the previous' : 'the new'} secret`,
      );
    }
    assert.equal((await postWebhook(url, { secrets: [`${SECRET}-other`] })).status, 401);
  });

  test("an entity event in Makini's ids envelope is verified and listed with its event name", async () => {
    await vscode.commands.executeCommand('makini.setWebhookSecret', SECRET);
    await waitFor(() => makini.services.receiver.state.hasSecret, 'the receiver to take the secret');
    const url = receiverUrl(makini);
    const ids = [`asset_${Date.now()}`];
    const options = { event: 'assets.updated', ids, secrets: [SECRET], connectionId: 'conn_ids_1' };
    assert.equal((await postIdsWebhook(url, options)).status, 200);
    const receipt = makini.services.receiver.receipts.query({ limit: 1 }).records[0];
    assert.equal(receipt?.envelope, 'ids');
    assert.equal(receipt?.eventType, 'assets.updated');
    assert.equal(receipt?.connectionId, 'conn_ids_1');
    assert.equal(receipt?.duplicateKey, 'body_sha256');
    assert.deepEqual(receipt?.schemaErrors, []);
    assert.equal(receipt?.verdict.outcome, 'verified');
    let rows = await receiptRows(makini);
    assert.equal(rows[0]?.label, 'assets.updated');
    assert.match(rows[0]?.description ?? '', /^✓ verified · 200 · /);
    // The same bytes again: a duplicate, found by the body's SHA-256 since there is no event id.
    assert.equal((await postIdsWebhook(url, options)).status, 200);
    assert.equal(makini.services.receiver.receipts.query({ limit: 1 }).records[0]?.duplicate, true);
    rows = await receiptRows(makini);
    assert.equal(rows[0]?.label, 'assets.updated');
    assert.match(rows[0]?.description ?? '', /^verified · duplicate · 200 · /);
  });

  test('JSON of neither envelope is listed as an unknown envelope and answered 200', async () => {
    await clearSecretsConfirmed(makini);
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(
        receiverUrl(makini),
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        },
      );
      request.once('error', reject);
      request.end('{"hello":"world"}');
    });
    assert.equal(status, 200);
    assert.equal(
      makini.services.receiver.receipts.query({ limit: 1 }).records[0]?.envelope,
      'unknown_envelope',
    );
    const rows = await receiptRows(makini);
    assert.match(rows[0]?.description ?? '', /^unverified · unknown envelope · 1 schema problem · 200 · /);
  });

  test('a duplicate delivery is answered 200 and marked duplicate', async () => {
    const url = receiverUrl(makini);
    await clearSecretsConfirmed(makini);
    const first = await postWebhook(url, { type: 'sites.updated' });
    const receipts = makini.services.receiver.receipts;
    const id = first.event.id;
    // Re-send the identical body: the same event id.
    const http = await import('node:http');
    const again = await new Promise<number>((resolve, reject) => {
      const request = http.request(
        url,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        },
      );
      request.once('error', reject);
      request.end(JSON.stringify(first.event));
    });
    assert.equal(again, 200);
    const newest = receipts.query({ limit: 1 }).records[0];
    assert.equal(newest?.eventId, id);
    assert.equal(newest?.duplicate, true);
    const rows = await receiptRows(makini);
    assert.match(rows[0]?.description ?? '', /duplicate/);
  });

  test('a received webhook opens as a read-only JSON document with headers and body', async () => {
    const newest = makini.services.receiver.receipts.query({ limit: 1 }).records[0];
    assert.ok(newest);
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('makini.openReceipt', newest.id);
    assert.ok(editor);
    assert.equal(editor.document.languageId, 'json');
    const shown = JSON.parse(editor.document.getText()) as {
      headers: Record<string, string>;
      body: { id: string };
    };
    assert.equal(shown.body.id, newest.eventId);
    assert.equal(shown.headers['content-type'], 'application/json');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('a filter changes which received webhooks the view lists and shows in its description', async () => {
    const all = await receiptRows(makini);
    // The filter's own reading of each receipt's verdict (one owner of that fact).
    const refused = makini.services.receiver.receipts
      .query({ limit: 100 })
      .records.filter((r) => receiptFilterStatus(r) === 'refused');
    assert.ok(refused.length > 0 && refused.length < all.length, 'the suite sent a refused webhook');
    try {
      assert.equal(await vscode.commands.executeCommand('makini.filterReceipts', 'status:refused'), true);
      const shown = await receiptRows(makini);
      assert.equal(shown.length, refused.length);
      assert.match(makini.views.receiver.description ?? '', / · filtered: refused$/);
    } finally {
      await vscode.commands.executeCommand('makini.clearReceiptsFilter');
    }
    assert.equal((await receiptRows(makini)).length, all.length);
    assert.doesNotMatch(makini.views.receiver.description ?? '', /filtered/);
  });

  test('Export Received Webhooks as HAR writes one HAR 1.2 entry per receipt, without the secret', async () => {
    const kept = makini.services.receiver.receipts.query({ limit: 10_000 }).records;
    assert.ok(kept.length > 0);
    const file = path.join(os.tmpdir(), `makini-received-${Date.now()}.har`);
    try {
      assert.equal(await vscode.commands.executeCommand('makini.exportReceiptsHar', file), file);
      const text = fs.readFileSync(file, 'utf8');
      const har = JSON.parse(text) as { log: { version: string; entries: { comment: string }[] } };
      assert.equal(har.log.version, '1.2');
      const ids = har.log.entries.map((e) => /receipt (rcpt_[\w-]+)/.exec(e.comment)?.[1] ?? '');
      assert.deepEqual([...ids].sort(), kept.map((r) => r.id).sort());
      assert.ok(!text.includes(SECRET));
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  test('a received webhook can be copied as curl and replayed, byte for byte, to the forward target', async () => {
    await vscode.commands.executeCommand('makini.setWebhookSecret', SECRET);
    const posted = await postWebhook(receiverUrl(makini), {
      type: 'purchase_orders.updated',
      secrets: [SECRET],
    });
    const receipt = makini.services.receiver.receipts.query({ limit: 1 }).records[0];
    assert.equal(receipt?.eventId, posted.event.id);

    const curl = await vscode.commands.executeCommand<string>('makini.copyReceiptAsCurl', receipt?.id);
    assert.match(curl, /^printf '.*' \| curl .*--header 'x-webhook-signature: [A-Za-z0-9+/=]+'/);
    assert.ok(curl.includes(posted.event.id));
    assert.ok(!curl.includes(SECRET));

    const app = await startApp();
    await settings.set('makini.receiver.forwardTo', app.url);
    try {
      await waitFor(() => makini.services.settings.value.forwardTo === app.url, 'the forward target setting');
      const result = await vscode.commands.executeCommand<{ response?: { status: number } }>(
        'makini.replayReceipt',
        { receipt },
      );
      assert.equal(result.response?.status, 202);
      assert.equal(app.bodies[0], receipt?.body);
      assert.equal(app.headers[0]?.['x-webhook-signature'], receipt?.headers['x-webhook-signature']);
    } finally {
      await clearSecretsConfirmed(makini);
      await app.close();
    }
  });

  test('changing the port setting restarts the receiver on the new port', async () => {
    const oldPort = Number(new URL(receiverUrl(makini)).port);
    const port = await freePort();
    await settings.set('makini.receiver.port', port);
    try {
      await waitFor(
        () => makini.services.receiver.state.url?.includes(`:${port}/`),
        `the receiver on port ${port}`,
      );
      assert.equal(await portOpen(port), true);
      assert.equal(await portOpen(oldPort), false);
      assert.equal((await postWebhook(receiverUrl(makini))).status, 200);
    } finally {
      // Back to the port the launcher chose (0, a free one), and running there before the next test.
      await settings.restore();
      await waitFor(
        () =>
          makini.services.receiver.state.running &&
          !makini.services.receiver.state.url?.includes(`:${port}/`),
        'the receiver back on its own port',
      );
    }
  });

  test('a taken port is for the user to fix: the start fails with the fix, the listen error as its cause', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as net.AddressInfo;
    try {
      await settings.set('makini.receiver.port', port);
      await waitFor(() => makini.services.receiver.state.error, 'the failed restart');
      const error = await makini.services.receiver.start().then(
        () => undefined,
        (e: unknown) => e,
      );
      // The extension is its own bundle, so its classes are told by their fields, not instanceof.
      assert.ok(error instanceof Error, 'the start rejects with an Error');
      assert.equal(error.name, 'UserError');
      assert.equal((error as { reason?: unknown }).reason, 'receiverUnavailable');
      assert.match(error.message, /Change makini\.receiver\.port or stop what uses it\.$/);
      const cause = error.cause;
      assert.ok(cause instanceof Error, 'the listen failure is kept as the cause');
      assert.equal(cause.name, 'ReceiverError');
      assert.equal((cause as { code?: unknown }).code, 'listenFailed');
    } finally {
      await settings.restore();
      await new Promise<void>((resolve) => holder.close(() => resolve()));
      await waitFor(() => makini.services.receiver.state.running, 'the receiver back on its own port');
    }
  });

  test('Clear empties the received webhooks, on disk too', async () => {
    await postWebhook(receiverUrl(makini));
    assert.ok(makini.services.receiver.receipts.size > 0);
    await clearReceiptsConfirmed(makini);
    assert.equal(makini.services.receiver.receipts.size, 0);
    const rows = await receiverRows(makini);
    assert.deepEqual(
      // The public URL row comes and goes with the tunnel: its own suite checks it.
      rows.map((r) => r.label).filter((label) => !/^(No p|P)ublic URL$/.test(label)),
      ['Listening', 'Signature: makini', 'Not forwarding'],
    );
  });

  test('Stop closes the port and the view shows it stopped', async () => {
    await waitFor(() => makini.services.receiver.state.running, 'the receiver to run');
    const port = Number(new URL(receiverUrl(makini)).port);
    await vscode.commands.executeCommand('makini.stopReceiver');
    assert.equal(makini.services.receiver.state.running, false);
    assert.equal(await portOpen(port), false);
    // With no receipts kept the tree is empty, so the view shows its welcome text and Start button.
    assert.deepEqual(await receiverRows(makini), []);
    assert.equal(makini.views.receiver.description, 'stopped');

    // With receipts kept, the state row says it is stopped above them.
    await vscode.commands.executeCommand('makini.startReceiver');
    await postWebhook(receiverUrl(makini));
    await vscode.commands.executeCommand('makini.stopReceiver');
    const rows = await receiverRows(makini);
    assert.equal(rows[0]?.label, 'Stopped');
    assert.equal(rows.length, 4);
    await vscode.commands.executeCommand('makini.startReceiver');
    assert.equal(makini.services.receiver.state.running, true);
  });

  test('secrets set through the commands are in SecretStorage only, not in settings, logs or receipts', async () => {
    const secret = 'whk-never-written-7d1e';
    await vscode.commands.executeCommand('makini.setWebhookSecret', secret);
    await waitFor(() => makini.services.receiver.state.hasSecret, 'the secret');
    await postWebhook(receiverUrl(makini), { secrets: [secret] });
    const stored = await makini.services.secrets.get('makini.webhookSecrets');
    assert.deepEqual(JSON.parse(stored ?? '[]'), [secret]);
    const settingsText = JSON.stringify(vscode.workspace.getConfiguration('makini'));
    assert.ok(!settingsText.includes(secret));
    // Everything the extension wrote to disk: its global storage (logs) and its own log folder.
    const folders = [makini.services.logDir, makini.services.extensionLogDir];
    for (const folder of folders) {
      for (const file of fs.readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
        const full = `${folder}/${file}`;
        if (fs.statSync(full).isFile())
          assert.ok(!fs.readFileSync(full, 'utf8').includes(secret), `${full} holds the secret`);
      }
    }
  });
});
