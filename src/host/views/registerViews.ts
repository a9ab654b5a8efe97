import * as vscode from 'vscode';
import { ContextKeys, ViewIds } from '../constants';
import { DeliveriesTreeProvider } from '../deliveries/deliveriesTree';
import { ReceiptDocumentProvider, RECEIPT_SCHEME } from '../receiver/receiptDocuments';
import { ReceiverTreeProvider } from '../receiver/receiverTree';
import type { HostServices } from '../services';

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

export interface MakiniViews {
  readonly connections: vscode.TreeView<unknown>;
  readonly deliveries: vscode.TreeView<unknown>;
  readonly receiver: vscode.TreeView<unknown>;
  readonly receiverTree: ReceiverTreeProvider;
  readonly deliveriesTree: DeliveriesTreeProvider;
}

/** Creates the three views of the Makini container; `context.subscriptions` owns them. */
export function registerViews(context: vscode.ExtensionContext, services: HostServices): MakiniViews {
  const own = <T extends vscode.Disposable>(value: T): T => {
    context.subscriptions.push(value);
    return value;
  };
  const empty = (id: string): vscode.TreeView<unknown> =>
    own(vscode.window.createTreeView<never>(id, { treeDataProvider: new EmptyTreeDataProvider() }));

  const receiverTree = own(new ReceiverTreeProvider(services.receiver));
  const receiver = own(vscode.window.createTreeView(ViewIds.receiver, { treeDataProvider: receiverTree }));
  const showReceiverState = (): void => {
    const { running, url } = services.receiver.state;
    receiver.description = running ? url : 'stopped';
    void vscode.commands.executeCommand('setContext', ContextKeys.receiverRunning, running);
  };
  showReceiverState();
  own(services.receiver.onDidChangeState(showReceiverState));
  own(
    vscode.workspace.registerTextDocumentContentProvider(
      RECEIPT_SCHEME,
      new ReceiptDocumentProvider(services.receiver.receipts),
    ),
  );

  const deliveriesTree = own(new DeliveriesTreeProvider(services.deliveries));
  const deliveries = own(
    vscode.window.createTreeView(ViewIds.deliveries, { treeDataProvider: deliveriesTree }),
  );

  return {
    connections: empty(ViewIds.connections),
    deliveries,
    receiver,
    receiverTree,
    deliveriesTree,
  };
}
