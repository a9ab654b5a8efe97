import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Sandbox } from '../../src/core/sandbox/sandbox';
import { MakiniServices } from '../../src/host/makiniServices';
import { portOpen } from './support/postWebhook';
import { SettingChanges } from './support/settingChanges';
import { waitFor } from './support/waitFor';

/** The parts of an ExtensionContext the services use, backed by memory and a temporary folder. */
function contextIn(dir: string, stored: Record<string, string> = {}): vscode.ExtensionContext {
  const secrets = new Map<string, string>(Object.entries(stored));
  const changed = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  const state = new Map<string, unknown>();
  const context = {
    subscriptions: [] as vscode.Disposable[],
    globalStorageUri: vscode.Uri.file(path.join(dir, 'storage')),
    logUri: vscode.Uri.file(path.join(dir, 'logs')),
    secrets: {
      get: (key: string) => Promise.resolve(secrets.get(key)),
      store: (key: string, value: string) => {
        secrets.set(key, value);
        changed.fire({ key });
        return Promise.resolve();
      },
      delete: (key: string) => {
        secrets.delete(key);
        changed.fire({ key });
        return Promise.resolve();
      },
      keys: () => Promise.resolve([...secrets.keys()]),
      onDidChange: changed.event,
    },
    globalState: {
      keys: () => [...state.keys()],
      get: <T>(key: string, fallback?: T) => (state.has(key) ? state.get(key) : fallback),
      update: (key: string, value: unknown) => {
        state.set(key, value);
        return Promise.resolve();
      },
      setKeysForSync: () => undefined,
    },
  };
  fs.mkdirSync(context.logUri.fsPath, { recursive: true });
  return context as unknown as vscode.ExtensionContext;
}

suite('disposal', () => {
  const settings = new SettingChanges();
  teardown(() => settings.restore());

  test('shutting down what activation built stops the receiver, the sandbox and the health poller (their ports close)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-dispose-'));
    const context = contextIn(dir);
    const output = vscode.window.createOutputChannel('Makini DevTools (disposal test)', { log: true });
    try {
      const services = new MakiniServices(context, output);
      const receiverUrl = await services.receiver.start();
      await services.connections.start();
      const sandboxUrl = services.connections.sandbox?.url;
      assert.ok(sandboxUrl);
      await waitFor(() => services.connections.list().length === 8, 'the sandbox connections');
      const ports = [receiverUrl, sandboxUrl].map((u) => Number(new URL(u).port));
      for (const port of ports) assert.equal(await portOpen(port), true, `port ${port} open while running`);

      // What `deactivate` does.
      await services.shutdown();

      for (const port of ports) {
        await waitFor(async () => !(await portOpen(port)), `port ${port} to close`);
      }
      // The session (client, health monitor and its timer, sandbox) is closed and forgotten.
      assert.equal(services.connections.sandbox, undefined);
      assert.equal(services.connections.mode, undefined);
    } finally {
      output.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('after shutdown the health poller polls no more (its timer is stopped)', async function () {
    this.timeout(60_000);
    const credentials = { clientId: 'client_dispose_test', clientSecret: 'dispose-client-secret-7c2e' };
    const remote = new Sandbox({ credentials, connections: 3, seed: 11 });
    const remoteUrl = (await remote.start()).replace(/\/$/, '');
    // Every poll lists the connections once (three fit on one page); other requests read a status.
    let polls = 0;
    let requests = 0;
    const unsubscribe = remote.onEvent((event) => {
      if (event.type !== 'request') return;
      requests++;
      if (event.request.path === '/api/system/connections') polls++;
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-dispose-'));
    const output = vscode.window.createOutputChannel('Makini DevTools (poller test)', { log: true });
    try {
      await settings.set('makini.apiUrl', remoteUrl);
      await settings.set('makini.connections.pollIntervalSeconds', 10);
      const services = new MakiniServices(
        contextIn(dir, {
          'makini.clientId': credentials.clientId,
          'makini.clientSecret': credentials.clientSecret,
        }),
        output,
      );
      await services.connections.start();
      assert.equal(services.connections.mode, 'live');
      await waitFor(() => services.connections.list().length === 3, 'the three live connections');
      // The timer runs: a second poll comes one interval after the first.
      await waitFor(() => polls >= 2, 'the second poll', 15_000);
      await new Promise((resolve) => setTimeout(resolve, 500)); // Let that poll end.

      await services.shutdown();
      const atShutdown = requests;
      // Longer than an interval: a live timer would have polled again by now.
      await new Promise((resolve) => setTimeout(resolve, 11_500));
      assert.equal(requests, atShutdown, 'requests to the API after shutdown');
      assert.equal(services.connections.mode, undefined);
    } finally {
      unsubscribe();
      output.dispose();
      await remote.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
