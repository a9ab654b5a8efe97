import * as vscode from 'vscode';
import { waitFor } from './waitFor';

type Scope = vscode.ConfigurationTarget.Global | vscode.ConfigurationTarget.Workspace;

/** What `key` holds at exactly `scope` (undefined when that scope does not set it). */
function valueAt(key: string, scope: Scope): unknown {
  // A fresh configuration each time: a WorkspaceConfiguration object is a snapshot.
  const inspected = vscode.workspace.getConfiguration().inspect(key);
  return scope === vscode.ConfigurationTarget.Global ? inspected?.globalValue : inspected?.workspaceValue;
}

/**
 * The settings a test changed, each remembered as it was at the scope it was changed in, so that
 * `restore()` puts back exactly that: the launcher's own user settings (such as a receiver port
 * of 0) survive a test, where writing `undefined` would erase them and fall back to defaults.
 * Call `restore()` from `teardown`, so a failed assertion still undoes the change.
 */
export class SettingChanges {
  private readonly originals = new Map<string, { key: string; scope: Scope; value: unknown }>();

  /** Sets the full key (`makini.receiver.port`) at `scope`, remembering its value there first. */
  async set(key: string, value: unknown, scope: Scope = vscode.ConfigurationTarget.Global): Promise<void> {
    const id = `${scope}:${key}`;
    if (!this.originals.has(id)) this.originals.set(id, { key, scope, value: valueAt(key, scope) });
    await this.update(key, value, scope);
  }

  /** Puts back every changed setting, newest change first, and forgets them. */
  async restore(): Promise<void> {
    const changes = [...this.originals.values()].reverse();
    this.originals.clear();
    for (const { key, scope, value } of changes) await this.update(key, value, scope);
  }

  private async update(key: string, value: unknown, scope: Scope): Promise<void> {
    await vscode.workspace.getConfiguration().update(key, value, scope);
    const wanted = JSON.stringify(value);
    await waitFor(
      () => JSON.stringify(valueAt(key, scope)) === wanted,
      `${key} to read back ${wanted ?? 'unset'}`,
    );
  }
}
