import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MakiniServices } from '../../src/host/makiniServices';
import { portOpen } from './support/postWebhook';
import { waitFor } from './support/waitFor';

/** The parts of an ExtensionContext the services use, backed by memory and a temporary folder. */
function contextIn(dir: string): vscode.ExtensionContext {
  const secrets = new Map<string, string>();
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
  test('disposing what activation built stops the receiver, the sandbox and the health poller (their ports close)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-dispose-'));
    const context = contextIn(dir);
    const output = vscode.window.createOutputChannel('Makini DevTools (disposal test)', { log: true });
    try {
      const services = new MakiniServices(context, output);
      context.subscriptions.push(services);
      const receiverUrl = await services.receiver.start();
      await services.connections.start();
      const sandboxUrl = services.connections.sandbox?.url;
      assert.ok(sandboxUrl);
      await waitFor(() => services.connections.list().length === 8, 'the sandbox connections');
      const ports = [receiverUrl, sandboxUrl].map((u) => Number(new URL(u).port));
      for (const port of ports) assert.equal(await portOpen(port), true, `port ${port} open while running`);

      // What VS Code does when the extension is deactivated: dispose every subscription.
      for (const disposable of context.subscriptions.splice(0).reverse()) disposable.dispose();

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
});
