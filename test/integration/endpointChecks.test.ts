import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { type EndpointCheckReport, unreachableText } from '../../src/core/checks/checkReport';
import { ReceiverServer } from '../../src/core/receiver/receiverServer';
import type { MakiniDevToolsApi } from '../../src/extension';
import { clearSecretsConfirmed } from './support/confirmed';
import { makiniApi, treeRows } from './support/makiniApi';
import { spyOnOutputInfo } from './support/outputSpy';

const SECRET = 'endpoint-checks-secret';

function check(args: Record<string, unknown>): Thenable<EndpointCheckReport | undefined> {
  return vscode.commands.executeCommand<EndpointCheckReport | undefined>('makini.checkEndpoint', {
    deadlineMs: 3000,
    warnMs: 2000,
    ...args,
  });
}

suite('Check Webhook Endpoint', () => {
  let makini: MakiniDevToolsApi;

  suiteSetup(async () => {
    makini = await makiniApi();
    await vscode.commands.executeCommand('makini.setWebhookSecret', SECRET);
  });

  suiteTeardown(async () => {
    await clearSecretsConfirmed(makini);
  });

  test('a correct handler (verifies, de-duplicates, answers fast) passes; the view and the report show every check', async () => {
    // The core receiver is such a handler: it verifies over the raw bytes and answers at once.
    const handler = new ReceiverServer({ settings: { secrets: [SECRET] } });
    const url = await handler.start({ path: '/hooks/makini' });
    try {
      const report = await check({ url });
      assert.ok(report);
      assert.equal(
        report.passed,
        true,
        report.checks.map((c) => `${c.number} ${c.status}: ${c.summary}`).join('\n'),
      );
      assert.equal(report.checks.length, 12);
      assert.equal(report.counts.failed, 0);

      const rows = await treeRows(makini.views.deliveriesTree);
      assert.equal(rows[0]?.label, 'Endpoint Checks');
      assert.match(rows[0]?.description ?? '', /127\.0\.0\.1:\d+\/hooks\/makini · \d+ passed, 0 failed/);
      const checks = await treeRows(makini.views.deliveriesTree, rows[0]?.node);
      assert.equal(checks.length, 12);
      assert.match(checks[0]?.label ?? '', /^1\. /);
      assert.match(checks[10]?.label ?? '', /^11\. Verifies the raw bytes/);
      assert.match(checks[11]?.label ?? '', /^12\. Accepts the documented ids envelope/);

      const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>(
        'makini.showEndpointCheckReport',
      );
      const html = panel.webview.html;
      assert.match(html, /Content-Security-Policy" content="default-src 'none';/);
      for (const c of report.checks)
        assert.ok(html.includes(`${c.number}. `), `check ${c.number} missing from the report`);
      assert.match(html, /Copy as curl/);
      assert.ok(!html.includes(SECRET));
      assert.ok(!/\sstyle="/.test(html), 'inline style attributes, which the CSP blocks');
      panel.dispose();
    } finally {
      await handler.stop();
    }
  });

  test('a handler that skips verification fails checks 3 to 5, as a security failure', async () => {
    const lax = http.createServer((request, response) => {
      request.resume();
      request.on('end', () =>
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
      );
    });
    await new Promise<void>((resolve) => lax.listen(0, '127.0.0.1', resolve));
    const { port } = lax.address() as AddressInfo;
    try {
      const report = await check({ url: `http://127.0.0.1:${port}/webhooks` });
      assert.ok(report);
      assert.equal(report.passed, false);
      const failed = report.checks.filter((c) => c.status === 'fail').map((c) => c.number);
      assert.deepEqual(failed, [3, 4, 5]);
      assert.match(report.checks[2]?.explanation ?? '', /forge/i);
      const rows = await treeRows(makini.views.deliveriesTree);
      assert.match(rows[0]?.description ?? '', /3 failed/);
    } finally {
      await new Promise<void>((resolve) => lax.close(() => resolve()));
    }
  });

  test('an endpoint that refuses connections is one fact in the view and the log, never "0 passed, 0 failed"', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const url = `http://127.0.0.1:${port}/webhooks`;
    const output = spyOnOutputInfo(makini.services.output);
    let report: EndpointCheckReport | undefined;
    try {
      report = await check({ url });
    } finally {
      output.restore();
    }
    assert.ok(report?.unreachable, 'the report says the endpoint could not be reached');
    const text = unreachableText(report.url, report.unreachable);
    assert.match(text, /^could not connect to .* \(ECONNREFUSED\)/);
    assert.ok(output.lines.includes(`Endpoint checks: ${text}`), output.lines.join('\n'));
    assert.ok(!output.lines.some((l) => / passed, \d+ failed/.test(l)), output.lines.join('\n'));

    const rows = await treeRows(makini.views.deliveriesTree);
    assert.equal(rows[0]?.label, 'Endpoint Checks');
    assert.equal(rows[0]?.description, text);
    const item = makini.views.deliveriesTree.getTreeItem(rows[0].node);
    assert.equal((item.iconPath as vscode.ThemeIcon | undefined)?.id, 'error');
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.None);
    assert.deepEqual(await treeRows(makini.views.deliveriesTree, rows[0].node), []);
  });
});
