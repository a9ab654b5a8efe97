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
