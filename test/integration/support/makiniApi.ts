import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MakiniDevToolsApi } from '../../../src/extension';

export const EXTENSION_ID = 'makini-devtools.makini-devtools';

/** The activated extension's API. */
export async function makiniApi(): Promise<MakiniDevToolsApi> {
  const ext = vscode.extensions.getExtension<MakiniDevToolsApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this host`);
  return ext.activate();
}

/** A tree's rows as the user sees them: label and description, for `element`'s children. */
export async function treeRows<T>(
  provider: vscode.TreeDataProvider<T>,
  element?: T,
): Promise<{ label: string; description: string; node: T }[]> {
  const nodes = (await provider.getChildren(element)) ?? [];
  return Promise.all(
    nodes.map(async (node) => {
      const item = await provider.getTreeItem(node);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      return { label, description: typeof item.description === 'string' ? item.description : '', node };
    }),
  );
}

/**
 * Where the extension's receiver actually listens, read from its state: the port is whatever
 * the settings and the machine gave it, never a number a test may assume.
 */
export function receiverUrl(makini: MakiniDevToolsApi): string {
  const { url, error } = makini.services.receiver.state;
  assert.ok(url, `the receiver is not running${error ? `: ${error}` : ''}`);
  return url;
}
