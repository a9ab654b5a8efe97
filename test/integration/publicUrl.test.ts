import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as vscode from 'vscode';
import type { DeliveryRecord } from '../../src/core/sender/deliveryRecord';
import type { MakiniDevToolsApi } from '../../src/extension';
import { WalkthroughKeys } from '../../src/host/constants';
import { PublicUrlService } from '../../src/host/receiver/publicUrlService';
import { WalkthroughProgress } from '../../src/host/walkthrough/walkthroughProgress';
import { type NgrokAgentStandIn, startNgrokAgent, tunnelsAnswer } from '../support/ngrokAgentStandIn';
import { clearSecretsConfirmed } from './support/confirmed';
import { makiniApi, receiverUrl, treeRows } from './support/makiniApi';
import { postWebhook } from './support/postWebhook';
import { SettingChanges } from './support/settingChanges';
import { waitFor } from './support/waitFor';

const SECRET = 'public-url-suite-secret-8c2f';

interface Row {
  readonly label: string;
  readonly description: string;
  readonly icon?: string;
  readonly tooltip: string;
}

/** The Local Receiver view's public URL row, as the user sees it; undefined when there is none. */
async function publicRow(makini: MakiniDevToolsApi): Promise<Row | undefined> {
  const rows = await treeRows(makini.views.receiverTree);
  const row = rows.find((r) => r.label === 'Public URL' || r.label === 'No public URL');
  if (!row) return undefined;
  const item = makini.views.receiverTree.getTreeItem(row.node);
  const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined;
  const tooltip = typeof item.tooltip === 'string' ? item.tooltip : '';
  return { label: row.label, description: row.description, icon, tooltip };
}

/** POSTs `{}` to the receiver naming `host` in Host, as a tunnel forwards it; answers the status. */
function postAs(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', headers: { host, 'content-type': 'application/json' } },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.once('error', reject);
    request.end('{}');
  });
}

suite('Public URL', () => {
  let makini: MakiniDevToolsApi;
  let agent: NgrokAgentStandIn;
  let port: number;
  const settings = new SettingChanges();

  suiteSetup(async () => {
    makini = await makiniApi();
    await waitFor(() => makini.services.receiver.state.running, 'the receiver to run');
    port = Number(new URL(receiverUrl(makini)).port);
  });

  setup(async () => {
    // The receiver's actual port, wherever the launcher put it, and one tunnel elsewhere.
    agent = await startNgrokAgent([
      { public_url: 'https://elsewhere.ngrok-free.app', addr: 'http://localhost:1' },
      { public_url: 'https://a1b2c3.ngrok-free.app', addr: `http://localhost:${port}` },
    ]);
    await vscode.commands.executeCommand('makini.receiver.focus');
  });

  teardown(async () => {
    await settings.restore();
    await agent.close();
  });

  test("the view shows the tunnel's full webhook URL with where to paste it, and Copy copies it", async () => {
    await settings.set('makini.receiver.ngrokApiUrl', agent.apiUrl);
    const row = await waitFor(
      async () => ((await publicRow(makini))?.label === 'Public URL' ? publicRow(makini) : undefined),
      'the public URL row',
    );
    assert.equal(
      row?.description,
      'https://a1b2c3.ngrok-free.app/webhooks · paste into Developer Portal > Developers > Webhooks',
    );
    assert.equal(row?.icon, 'globe');
    assert.match(row?.tooltip ?? '', /to paste into Makini's Developer Portal > Developers > Webhooks/);
    const copied = await vscode.commands.executeCommand<string>('makini.copyPublicUrl');
    assert.equal(copied, 'https://a1b2c3.ngrok-free.app/webhooks');
    assert.equal(await vscode.env.clipboard.readText(), copied);
    // The tunnel forwards the Host the sender used: the receiver takes it (then checks the signature).
    assert.notEqual(await postAs(receiverUrl(makini), 'a1b2c3.ngrok-free.app'), 421);
    assert.equal(await postAs(receiverUrl(makini), 'evil.example'), 421, 'and no other name');
  });

  test('while the view is visible the agent is asked again, gently, and a new answer shows', async () => {
    await settings.set('makini.receiver.ngrokApiUrl', agent.apiUrl);
    await waitFor(async () => (await publicRow(makini))?.label === 'Public URL', 'the public URL row');
    const asked = agent.requests();
    agent.answer(tunnelsAnswer([{ public_url: 'https://next.ngrok-free.app', addr: String(port) }]));
    await waitFor(
      async () => (await publicRow(makini))?.description.startsWith('https://next.ngrok-free.app/webhooks'),
      'the next poll to show the new tunnel',
      15_000,
    );
    assert.ok(agent.requests() > asked);
  });

  test('a tunnel that is not https shows the warning mark: Makini requires HTTPS', async () => {
    agent.answer(tunnelsAnswer([{ public_url: 'http://plain.ngrok-free.app', addr: `localhost:${port}` }]));
    await settings.set('makini.receiver.ngrokApiUrl', agent.apiUrl);
    const row = await waitFor(
      async () => ((await publicRow(makini))?.label === 'Public URL' ? publicRow(makini) : undefined),
      'the public URL row',
    );
    assert.equal(row?.description, 'http://plain.ngrok-free.app/webhooks · not https: Makini requires HTTPS');
    assert.equal(row?.icon, 'warning');
    assert.match(row?.tooltip ?? '', /Makini requires HTTPS/);
  });

  test('with no tunnel to the receiver, one row says how, with the real port; an unreachable agent is silence', async () => {
    agent.answer(tunnelsAnswer([{ public_url: 'https://other.ngrok-free.app', addr: 'localhost:1' }]));
    await settings.set('makini.receiver.ngrokApiUrl', agent.apiUrl);
    const row = await waitFor(
      async () => ((await publicRow(makini))?.label === 'No public URL' ? publicRow(makini) : undefined),
      'the no-tunnel row',
    );
    assert.equal(row?.description, `run ngrok http ${port} so Makini can reach the receiver`);
    const rows = await treeRows(makini.views.receiverTree);
    assert.equal(rows.filter((r) => r.label.includes('ublic URL')).length, 1, 'one row');
    // No agent at all: the same row, and no error shown or logged as one.
    await agent.close();
    assert.equal(await makini.services.publicUrl.refresh().then((s) => s?.kind), 'none');
    assert.equal((await publicRow(makini))?.label, 'No public URL');
  });

  test('makini.receiver.publicUrl sets one by hand: shown with the path, its Host taken, and let go when cleared', async () => {
    await settings.set('makini.receiver.ngrokApiUrl', agent.apiUrl);
    await settings.set('makini.receiver.publicUrl', 'https://hooks.example.dev');
    await waitFor(
      async () => (await publicRow(makini))?.description.startsWith('https://hooks.example.dev/webhooks · '),
      'the public URL set by hand',
    );
    assert.notEqual(await postAs(receiverUrl(makini), 'hooks.example.dev'), 421);
    await settings.set('makini.receiver.publicUrl', '');
    await waitFor(
      async () => (await publicRow(makini))?.description.startsWith('https://a1b2c3.ngrok-free.app/'),
      "the agent's tunnel again",
    );
    assert.equal(await postAs(receiverUrl(makini), 'hooks.example.dev'), 421, 'a host no longer public');
  });

  /**
   * A public URL service of the test's own, on the extension's receiver and settings but asking
   * the stand-in agent; what it tells the receiver is pushed onto `told`.
   */
  const ownService = (told: (readonly string[])[], pollMs?: number): PublicUrlService => {
    const { receiver, settings: settingsService } = makini.services;
    return new PublicUrlService({
      settings: {
        value: { ...settingsService.value, ngrokApiUrl: agent.apiUrl },
        onDidChange: settingsService.onDidChange,
      },
      receiver: {
        get state() {
          return receiver.state;
        },
        onDidChangeState: receiver.onDidChangeState,
        onDidReceive: receiver.onDidReceive,
        acceptPublicHosts: (hosts) => told.push(hosts),
      },
      output: { debug: () => undefined },
      ...(pollMs === undefined ? {} : { pollMs }),
    });
  };

  test('the agent is polled only while the view is visible, and not at all once disposed', async () => {
    const told: (readonly string[])[] = [];
    const service = ownService(told, 20);
    try {
      await waitFor(() => service.current?.kind === 'found', 'the first look-up, at construction');
      assert.deepEqual(told, [['a1b2c3.ngrok-free.app']], 'the receiver is told the host once');
      const first = agent.requests();
      service.setVisible(true);
      await waitFor(() => agent.requests() >= first + 3, 'polls while visible');
      service.setVisible(false);
      const hidden = agent.requests();
      await new Promise((resolve) => setTimeout(resolve, 200)); // Ten poll periods.
      assert.ok(agent.requests() <= hidden + 1, 'at most the look-up in flight when it was hidden');
      service.setVisible(true);
      await waitFor(() => agent.requests() > hidden + 1, 'polls again once visible');
    } finally {
      service.dispose();
    }
    const disposed = agent.requests();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.ok(agent.requests() <= disposed + 1, 'no poll after dispose');
    assert.equal(told.length, 1, 'an unchanged answer tells the receiver nothing new');
  });

  test('a request naming an unknown host (a tunnel opened while the view was hidden) makes it look again', async () => {
    const told: (readonly string[])[] = [];
    const service = ownService(told);
    try {
      await waitFor(() => service.current?.kind === 'found', 'the first look-up');
      const asked = agent.requests();
      // The extension's own service knows no tunnel (its agent is the default one): 421.
      assert.equal(await postAs(receiverUrl(makini), 'fresh.ngrok-free.app'), 421);
      await waitFor(() => agent.requests() > asked, 'a look-up after the refused request');
    } finally {
      service.dispose();
    }
  });

  test("Copy Receiver URL gives the editor's external URI for the local receiver, asked each time", async () => {
    const copied = await vscode.commands.executeCommand<string>('makini.copyReceiverUrl');
    const external = await vscode.env.asExternalUri(vscode.Uri.parse(receiverUrl(makini)));
    assert.equal(copied, external.toString(true));
    assert.equal(await vscode.env.clipboard.readText(), copied);
  });

  test('the walkthrough step "Receive real Makini webhooks" ticks on a verified webhook this product did not send', async () => {
    await waitFor(() => makini.services.connections.list().length > 0, 'the sandbox connections');
    await vscode.commands.executeCommand('makini.setWebhookSecret', SECRET);
    const ticked: boolean[] = [];
    const { connections, deliveries, receiver, settings: settingsService } = makini.services;
    const progress = new WalkthroughProgress(
      {
        connections,
        deliveries,
        receiver,
        settings: settingsService,
        connectionsView: makini.views.connections,
      },
      (key, value) => key === WalkthroughKeys.realWebhookReceived && ticked.push(value),
    );
    try {
      const records = await vscode.commands.executeCommand<DeliveryRecord[]>('makini.sendTestWebhook', {
        type: 'sync.completed',
      });
      assert.equal(records[0]?.status, 'delivered');
      assert.deepEqual(ticked, [], 'a test webhook from the editor is not a real one');
      assert.equal((await postWebhook(receiverUrl(makini), { secrets: ['not-the-secret'] })).status, 401);
      assert.deepEqual(ticked, [], 'a refused webhook does not count');
      assert.equal((await postWebhook(receiverUrl(makini), { secrets: [SECRET] })).status, 200);
      await waitFor(() => progress.state.realWebhookReceived, 'the step to tick');
      assert.deepEqual(ticked, [true]);
    } finally {
      progress.dispose();
      await clearSecretsConfirmed(makini);
    }
  });
});
