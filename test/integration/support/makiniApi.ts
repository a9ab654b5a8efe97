import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MakiniDevToolsApi } from '../../../src/extension';
import { waitFor } from './waitFor';

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

/**
 * Waits until the view lists `count` connections and each one's status has been read: a
 * connection is listed at once, as "not checked yet" (unknown, checking), before its first read
 * answers, and a test that asserts a level must not race that read.
 */
export async function connectionsJudged(makini: MakiniDevToolsApi, count: number): Promise<void> {
  const pending = (): string[] =>
    makini.services.connections
      .list()
      .filter((c) => c.level === 'unknown' && c.checking === true)
      .map((c) => c.connection.name);
  try {
    await waitFor(
      () => makini.services.connections.list().length === count && pending().length === 0,
      `${count} connections, each one's status read`,
      30_000,
    );
  } catch (error) {
    const listed = makini.services.connections.list().length;
    throw new Error(
      `${(error as Error).message} (listed: ${listed}, not read yet: ${pending().join(', ') || 'none'})`,
    );
  }
}
