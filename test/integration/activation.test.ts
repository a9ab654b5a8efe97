import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MakiniDevToolsApi } from '../../src/extension';
import { runNode } from '../support/nodeProcess';
import { waitFor } from './support/waitFor';

const EXTENSION_ID = 'makini-devtools.makini-devtools';

interface Walkthrough {
  steps: { id: string; media: { markdown: string } }[];
}

interface Manifest {
  version: string;
  contributes: {
    commands: { command: string; category?: string }[];
    views: Record<string, { id: string; name: string }[]>;
  };
}

function extension(): vscode.Extension<MakiniDevToolsApi> {
  const found = vscode.extensions.getExtension<MakiniDevToolsApi>(EXTENSION_ID);
  assert.ok(found, `extension ${EXTENSION_ID} is not installed in this host`);
  return found;
}

suite('activation', () => {
  let api: MakiniDevToolsApi;

  suiteSetup(async () => {
    api = await extension().activate();
  });

  test('the extension activates and reports its manifest version', () => {
    const ext = extension();
    assert.equal(ext.isActive, true);
    assert.equal(api.version, (ext.packageJSON as Manifest).version);
  });

  test('the Makini container holds the three views, each backed by a tree view', async () => {
    const views = (extension().packageJSON as Manifest).contributes.views.makini ?? [];
    assert.deepEqual(
      views.map((v) => v.name),
      ['Connections', 'Webhook Deliveries', 'Local Receiver'],
    );
    // `<view id>.focus` exists only for registered views; focusing makes our tree view visible.
    await vscode.commands.executeCommand('makini.connections.focus');
    await waitFor(() => api.views.connections.visible, 'the Connections view to become visible');
    await vscode.commands.executeCommand('makini.deliveries.focus');
    await vscode.commands.executeCommand('makini.receiver.focus');
    await waitFor(() => api.views.receiver.visible, 'the Local Receiver view to become visible');
  });

  test('every contributed command is registered, in the Makini category', async () => {
    const contributed = (extension().packageJSON as Manifest).contributes.commands;
    assert.ok(contributed.length > 0);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const { command, category } of contributed) {
      assert.ok(registered.has(command), `${command} is contributed but not registered`);
      assert.equal(category, 'Makini', `${command} has category ${category}`);
    }
  });

  test('the getting-started walkthrough is contributed and every step has its page', () => {
    const ext = extension();
    const { walkthroughs } = (ext.packageJSON as { contributes: { walkthroughs: Walkthrough[] } })
      .contributes;
    assert.equal(walkthroughs.length, 1);
    const steps = walkthroughs[0]?.steps ?? [];
    assert.deepEqual(
      steps.map((s) => s.id),
      ['connections', 'sendWebhook', 'receiver', 'forward', 'connect', 'realWebhooks'],
    );
    for (const step of steps) {
      const page = path.join(ext.extensionPath, step.media.markdown);
      assert.ok(fs.existsSync(page), `${step.id}: ${page} is missing`);
    }
  });

  test('makini.showVersion answers the version', async () => {
    const answered = await vscode.commands.executeCommand<string>('makini.showVersion');
    assert.equal(answered, api.version);
  });

  test('dist/cli.js --version prints the version', async () => {
    const cli = path.join(extension().extensionPath, 'dist', 'cli.js');
    const { code, stdout, stderr } = await runNode(cli, ['--version'], {
      // Under Electron the host's executable is Electron itself; this makes it behave as Node.
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim(), api.version);
  });
});
