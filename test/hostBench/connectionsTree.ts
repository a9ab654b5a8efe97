import * as vscode from 'vscode';
import type { MakiniDevToolsApi } from '../../src/extension';
import { waitFor } from '../integration/support/waitFor';

export interface TreeTimes {
  readonly connections: number;
  /** Median ms of one refresh of the Connections view's root: getChildren() and every getTreeItem(). */
  readonly treeMs: number;
  /** Median ms of building as many plain TreeItems from the same list. */
  readonly plainMs: number;
  readonly rounds: number;
  /** How long the health monitor took to judge every connection, for context. */
  readonly judgedAfterMs: number;
}

const ROUNDS = 9;

/** Times the real Connections tree over the sandbox's `count` connections against plain TreeItems. */
export async function timeConnectionsTree(makini: MakiniDevToolsApi, count: number): Promise<TreeTimes> {
  const started = Date.now();
  await waitFor(
    () => makini.services.connections.list().length >= count,
    `${count} connections judged (now ${makini.services.connections.list().length})`,
    10 * 60_000,
  );
  const judgedAfterMs = Date.now() - started;
  const tree = makini.views.connectionsTree;
  const refreshTree = (): number => {
    const t0 = performance.now();
    const nodes = tree.getChildren();
    for (const node of nodes) tree.getTreeItem(node);
    return performance.now() - t0;
  };
  const buildPlain = (): number => {
    const t0 = performance.now();
    const items = makini.services.connections.list().map((health) => {
      const item = new vscode.TreeItem(health.connection.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `connection.${health.connection.key}`;
      item.description = health.level;
      return item;
    });
    if (items.length < count) throw new Error(`only ${items.length} plain items`);
    return performance.now() - t0;
  };
  refreshTree(); // Warm-up for both, so neither pays the JIT's first look.
  buildPlain();
  const treeSamples: number[] = [];
  const plainSamples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    // Interleaved, so a busy moment of the host lands on both sides alike.
    treeSamples.push(refreshTree());
    plainSamples.push(buildPlain());
    await new Promise((resolve) => setImmediate(resolve));
  }
  return {
    connections: tree.getChildren().length,
    treeMs: median(treeSamples),
    plainMs: median(plainSamples),
    rounds: ROUNDS,
    judgedAfterMs,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}
