import * as vscode from 'vscode';
import { ViewIds, type ViewKey } from '../constants';

/**
 * A view with nothing to show yet: VS Code then displays the view's `viewsWelcome` content,
 * which is how the empty states are drawn (never as fake tree items).
 */
class EmptyTreeDataProvider implements vscode.TreeDataProvider<never> {
  getTreeItem(element: never): vscode.TreeItem {
    return element;
  }

  getChildren(): never[] {
    return [];
  }
}

export type MakiniViews = Record<ViewKey, vscode.TreeView<unknown>>;

/** Creates the three views of the Makini container; the caller owns the returned disposables. */
export function registerViews(context: vscode.ExtensionContext): MakiniViews {
  const create = (id: string): vscode.TreeView<unknown> => {
    const view = vscode.window.createTreeView<never>(id, {
      treeDataProvider: new EmptyTreeDataProvider(),
      showCollapseAll: false,
    });
    context.subscriptions.push(view);
    return view;
  };
  return {
    connections: create(ViewIds.connections),
    deliveries: create(ViewIds.deliveries),
    receiver: create(ViewIds.receiver),
  };
}
